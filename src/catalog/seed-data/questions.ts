import type { QuestionKind } from '../questions/question.types';

/**
 * Example questions for Kendari (issue 16): what an inspector asks first about a gift or an
 * illegal levy. Optional, so a reporter who does not know can still file; admins edit, retire
 * or add to them on the staff pages.
 */
export interface QuestionSeed {
  categoryCode: string;
  kind: QuestionKind;
  label: { id: string; en: string };
  help: { id: string; en: string };
}

export const QUESTION_SEED: QuestionSeed[] = [
  {
    categoryCode: 'gratification',
    kind: 'money',
    label: { id: 'Perkiraan nilai pemberian', en: 'Estimated value of the gift' },
    help: { id: 'Dalam rupiah, kira-kira saja. Contoh: 2.500.000', en: 'In rupiah, a rough figure is fine. Example: 2.500.000' },
  },
  {
    categoryCode: 'gratification',
    kind: 'text',
    label: { id: 'Siapa yang memberi', en: 'Who gave it' },
    help: { id: 'Nama, jabatan atau perusahaan pemberi, jika Anda tahu.', en: "The giver's name, position or company, if you know." },
  },
  {
    categoryCode: 'illegal_levy',
    kind: 'text',
    label: { id: 'Layanan yang diurus', en: 'The service you sought' },
    help: { id: 'Contoh: KTP, izin usaha, akta kelahiran.', en: 'For example: ID card, business permit, birth certificate.' },
  },
  {
    categoryCode: 'illegal_levy',
    kind: 'money',
    label: { id: 'Jumlah yang diminta', en: 'The amount demanded' },
    help: { id: 'Dalam rupiah. Contoh: 150.000', en: 'In rupiah. Example: 150.000' },
  },
];
