import { registerDictionary, type Dictionary } from '../../platform/i18n/i18n';
import { CONFLICT_KINDS, type ConflictKind } from './conflicts';

/** How each conflict reads, beside a name and inside a sentence. */
const CONFLICT_WORDS: Record<'id' | 'en', Record<ConflictKind, string>> = {
  id: {
    named_in_report: 'disebut sebagai terlapor',
    recused: 'pernah mengundurkan diri dari kasus ini',
    same_opd: 'bekerja di OPD terlapor',
  },
  en: {
    named_in_report: 'named among the reported persons',
    recused: 'stepped back from this case before',
    same_opd: 'works in the reported OPD',
  },
};

const SENTENCE = {
  id: { and: ' dan ', text: '{name} mungkin memiliki benturan kepentingan: {list}. Tuliskan alasan untuk tetap menugaskan {name}, atau pilih pemeriksa lain.' },
  en: { and: ' and ', text: '{name} may have a conflict of interest: {list}. Write the reason to assign {name} anyway, or choose another inspector.' },
};

/** Every non-empty set of conflicts, in CONFLICT_KINDS order. */
function conflictSets(): ConflictKind[][] {
  return CONFLICT_KINDS.reduce<ConflictKind[][]>((sets, k) => [...sets, ...sets.map((s) => [...s, k])], [[]]).filter((s) => s.length > 0);
}

/** The i18n key of the refusal for these conflicts: one sentence in words, naming the inspector. */
export function conflictMessage(conflicts: readonly ConflictKind[]): string {
  return `cases.conflict_of_interest.${CONFLICT_KINDS.filter((k) => conflicts.includes(k)).join('+')}`;
}

function conflictDictionary(lang: 'id' | 'en'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kind of CONFLICT_KINDS) out[`cases.conflict.${kind}`] = CONFLICT_WORDS[lang][kind];
  for (const set of conflictSets()) {
    const words = set.map((k) => CONFLICT_WORDS[lang][k]);
    const list = words.length > 1 ? `${words.slice(0, -1).join(', ')}${SENTENCE[lang].and}${words.at(-1)}` : words[0];
    out[conflictMessage(set)] = SENTENCE[lang].text.replace('{list}', list);
  }
  return out;
}

export const ASSIGNMENT_DICTIONARY: Dictionary = {
  id: {
    ...conflictDictionary('id'),
    'cases.override_for_other':
      'Alasan ini ditulis untuk {written}, sedangkan yang dipilih {chosen}. Pilih {written} lagi untuk menugaskannya dengan alasan ini, atau kosongkan alasan untuk menugaskan {chosen}.',
    'cases.override_for_unknown': 'Alasan ini tidak ditulis untuk {chosen}. Kosongkan alasan lalu kirim lagi; bila ada benturan kepentingan, Anda akan diminta alasan untuk {chosen}.',
    'cases.override_for_label': 'Alasan tetap menugaskan {name} walaupun ada benturan kepentingan',
    'cases.override_for_hint': 'Alasan ini hanya berlaku untuk {name} dan dicatat bersama penugasannya.',
    'cases.unassign_reason_required': 'Tuliskan alasan melepas pemeriksa ini.',
    'cases.unassign_reason_label': 'Alasan melepas {name}',
    'cases.unassign_named_button': 'Lepaskan {name}',
    'cases.choose_inspector': 'Pilih pemeriksa',
    'cases.suggested_short': 'disarankan',
    'cases.suggested': 'Disarankan: beban kasus terbuka paling sedikit ({count}), tanpa konflik',
    'cases.none_suggested': 'Semua pemeriksa memiliki benturan kepentingan, jadi tidak ada yang dipilihkan. Pilih sendiri; Anda akan diminta alasannya.',
    'cases.no_inspector_left': 'Tidak ada pemeriksa aktif lain yang dapat ditugaskan.',
    'cases.current_assignees': 'Pemeriksa yang ditugaskan',
    'cases.assignment_history': 'Riwayat penugasan',
    'cases.step.assigned': '{inspector} ditugaskan oleh {actor}',
    'cases.step.unassigned': '{inspector} dilepas oleh {actor}',
    'cases.step.recused': '{inspector} mengundurkan diri',
    'cases.step.overridden': 'Benturan kepentingan dikesampingkan',
    'cases.step.reason': 'Alasan',
  },
  en: {
    ...conflictDictionary('en'),
    'cases.override_for_other': 'This reason was written for {written}, but {chosen} is chosen. Choose {written} again to assign them with this reason, or empty the reason to assign {chosen}.',
    'cases.override_for_unknown': 'This reason was not written for {chosen}. Empty the reason and send again; if there is a conflict of interest you will be asked for a reason for {chosen}.',
    'cases.override_for_label': 'Reason to assign {name} despite the conflict of interest',
    'cases.override_for_hint': 'This reason applies to {name} only and is recorded with their assignment.',
    'cases.unassign_reason_required': 'Give the reason for taking this inspector off the case.',
    'cases.unassign_reason_label': 'Reason for taking {name} off the case',
    'cases.unassign_named_button': 'Unassign {name}',
    'cases.choose_inspector': 'Choose an inspector',
    'cases.suggested_short': 'suggested',
    'cases.suggested': 'Suggested: fewest open cases ({count}), no conflict',
    'cases.none_suggested': 'Every inspector has a conflict of interest, so none is chosen for you. Choose one yourself; you will be asked for the reason.',
    'cases.no_inspector_left': 'No other active inspector can be assigned.',
    'cases.current_assignees': 'Inspectors on the case',
    'cases.assignment_history': 'Assignment history',
    'cases.step.assigned': '{inspector} assigned by {actor}',
    'cases.step.unassigned': '{inspector} taken off by {actor}',
    'cases.step.recused': '{inspector} stepped back',
    'cases.step.overridden': 'Conflict of interest overridden',
    'cases.step.reason': 'Reason',
  },
};

registerDictionary(ASSIGNMENT_DICTIONARY);
