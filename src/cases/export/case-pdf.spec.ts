import { createHash } from 'node:crypto';
import { pdfPages } from '../../../test/support/pdf-text';
import { CasePdfData, localTime, pdfSafe, renderCasePdf } from './case-pdf';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function caseFile(extra: Partial<CasePdfData> = {}): CasePdfData {
  return {
    lang: 'id',
    timeZone: 'Asia/Makassar',
    organisation: 'Inspektorat Kota Kendari',
    exportedAt: new Date('2025-05-12T06:03:00Z'),
    exportedBy: { name: 'Irban Satu', email: 'irban.satu@kendarikota.go.id' },
    number: 'WBS-2025-00042',
    categoryName: 'Gratifikasi',
    opdName: 'Dinas Perizinan',
    channel: 'web',
    status: 'closed',
    outcome: 'referred',
    track: 'examination',
    closingSummary: 'Diteruskan ke Kejaksaan Negeri Kendari.',
    submittedAt: new Date('2025-03-03T01:00:00Z'),
    closedAt: new Date('2025-05-10T02:30:00Z'),
    report: {
      title: 'Hadiah untuk izin usaha',
      description: 'Pejabat bidang perizinan menerima uang dari pemohon agar izin cepat terbit.',
      occurredOn: '2025-02-14',
      location: 'Kantor DPMPTSP Kota Kendari',
      reportedPersons: 'Kepala Bidang Perizinan',
      estimatedLoss: 15000000,
    },
    reporter: { kind: 'withheld' },
    evidence: [
      { ref: 1, filename: 'kuitansi.pdf', mimeType: 'application/pdf', size: 1234, sha256: sha('kuitansi'), source: 'report', at: new Date('2025-03-03T01:00:00Z'), metadataRemoved: false },
      { ref: 2, filename: 'foto-transfer.jpg', mimeType: 'image/jpeg', size: 56789, sha256: sha('foto'), source: 'reporter', at: new Date('2025-03-05T04:00:00Z'), metadataRemoved: true },
    ],
    messages: [
      { from: 'inspectorate', at: new Date('2025-03-04T02:00:00Z'), body: 'Mohon kirim bukti transfer.', evidenceRefs: [] },
      { from: 'reporter', at: new Date('2025-03-05T04:00:00Z'), body: 'Berikut bukti transfernya.', evidenceRefs: [2] },
    ],
    notes: [{ authorName: 'Pemeriksa Dua', at: new Date('2025-04-01T03:00:00Z'), body: 'Saksi A bersedia memberi keterangan.' }],
    history: [
      { from: null, to: 'received', outcome: null, by: null, reason: null, at: new Date('2025-03-03T01:00:00Z') },
      { from: 'received', to: 'verifying', outcome: null, by: 'Irban Satu', reason: 'Bukti awal cukup.', at: new Date('2025-03-04T01:00:00Z') },
      { from: 'investigating', to: 'closed', outcome: 'referred', by: 'Irban Satu', reason: 'Unsur pidana korupsi.', at: new Date('2025-05-10T02:30:00Z') },
    ],
    assignments: [],
    identityRequests: [],
    ...extra,
  };
}

describe(renderCasePdf.name, () => {
  it('renders the case, the narrative, the evidence with hashes, messages, notes and history', async () => {
    const { pdf, pages } = await renderCasePdf(caseFile());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await pdfPages(pdf)).join('\n');
    expect(pages).toBeGreaterThanOrEqual(1);
    for (const expected of [
      'Berkas Kasus untuk Rujukan',
      'Nomor: WBS-2025-00042',
      'Kategori: Gratifikasi',
      'Perangkat daerah terlapor: Dinas Perizinan',
      'Saluran: Formulir web',
      'Diterima: 2025-03-03 09:00',
      'Hasil: Diteruskan ke aparat penegak hukum atau instansi lain',
      'Ditutup: 2025-05-10 10:30',
      'Judul: Hadiah untuk izin usaha',
      'Pejabat bidang perizinan menerima uang dari pemohon agar izin cepat terbit.',
      'Waktu kejadian: 2025-02-14',
      'Lokasi: Kantor DPMPTSP Kota Kendari',
      'Pihak terlapor: Kepala Bidang Perizinan',
      'Perkiraan kerugian: Rp15.000.000',
      '[1] kuitansi.pdf',
      `SHA-256: ${sha('kuitansi')}`,
      '[2] foto-transfer.jpg',
      `SHA-256: ${sha('foto')}`,
      'Ukuran: 56.789 byte',
      'metadata dihapus',
      'Inspektorat · 2025-03-04 10:00',
      'Mohon kirim bukti transfer.',
      'Pelapor · 2025-03-05 12:00',
      'Lampiran: [2]',
      'Pemeriksa Dua · 2025-04-01 11:00',
      'Saksi A bersedia memberi keterangan.',
      'Alasan: Unsur pidana korupsi.',
      'Identitas pelapor dirahasiakan dan tidak disertakan dalam dokumen ini.',
      '— Akhir dokumen —',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('lists the answers to the category questions as they were asked, after the narrative', async () => {
    const answers = [
      { questionId: 'a', kind: 'money' as const, label: { id: 'Perkiraan nilai pemberian', en: 'Estimated value of the gift' }, value: 2_500_000 },
      {
        questionId: 'b',
        kind: 'multiple_choice' as const,
        label: { id: 'Bentuk pemberian', en: 'Form of the gift' },
        options: [
          { value: 'o1', label: { id: 'Uang tunai', en: 'Cash' } },
          { value: 'o2', label: { id: 'Barang', en: 'Goods' } },
        ],
        value: ['o1', 'o2'],
      },
    ];
    const { pdf } = await renderCasePdf(caseFile({ report: { ...caseFile().report, answers } }));
    const text = (await pdfPages(pdf)).join('\n');
    expect(text).toContain('Jawaban atas pertanyaan kategori');
    expect(text).toContain('Perkiraan nilai pemberian: Rp2.500.000');
    expect(text).toContain('Bentuk pemberian: Uang tunai, Barang');
    expect(text.indexOf('Bentuk pemberian')).toBeGreaterThan(text.indexOf('Pejabat bidang perizinan menerima uang'));
    const without = (await pdfPages((await renderCasePdf(caseFile())).pdf)).join('\n');
    expect(without).not.toContain('Jawaban atas pertanyaan kategori');
  });

  it('puts who exported it, when, the case number and "page X / Y" on every page', async () => {
    // A long narrative runs over several pages.
    const long = Array.from({ length: 120 }, (_, i) => `Paragraf ${i + 1}: pemohon menyerahkan amplop kepada pejabat di ruang kerja.`).join('\n');
    const { pdf, pages } = await renderCasePdf(caseFile({ report: { ...caseFile().report, description: long } }));
    const texts = await pdfPages(pdf);
    expect(pages).toBeGreaterThan(2);
    expect(texts).toHaveLength(pages);
    texts.forEach((page, i) => {
      expect(page).toContain('Diekspor oleh Irban Satu <irban.satu@kendarikota.go.id> pada 2025-05-12 14:03 (Asia/Makassar)');
      expect(page).toContain(`RAHASIA · WBS-2025-00042 · Halaman ${i + 1} / ${pages}`);
    });
    expect(texts.join('\n')).toContain('Paragraf 120: pemohon');
  });

  it('shows the identity only when given one, and says when a report was anonymous', async () => {
    const disclosed = (
      await pdfPages((await renderCasePdf(caseFile({ reporter: { kind: 'disclosed', identity: { name: 'Wa Ode Sari', nip: '198001012005012001', phone: '081234567890', email: null } } }))).pdf)
    ).join('\n');
    expect(disclosed).toContain('Nama: Wa Ode Sari');
    expect(disclosed).toContain('NIP: 198001012005012001');
    expect(disclosed).not.toContain('dirahasiakan dan tidak disertakan');
    const anonymous = (await pdfPages((await renderCasePdf(caseFile({ reporter: { kind: 'anonymous' } }))).pdf)).join('\n');
    expect(anonymous).toContain('Laporan disampaikan secara anonim');
  });

  it('says so when no note was chosen, and speaks English on request', async () => {
    const text = (await pdfPages((await renderCasePdf(caseFile({ lang: 'en', notes: [] }))).pdf)).join('\n');
    expect(text).toContain('Case File for Referral');
    expect(text).toContain('No internal notes included.');
    expect(text).toContain('Exported by Irban Satu <irban.satu@kendarikota.go.id> on 2025-05-12 14:03 (Asia/Makassar)');
    expect(text).toContain('CONFIDENTIAL · WBS-2025-00042 · Page 1 / ');
  });

  it('writes characters the standard fonts lack as their code instead of a wrong glyph or a crash', async () => {
    const { pdf } = await renderCasePdf(caseFile({ report: { ...caseFile().report, description: 'Uang “pelicin” – Rp 5 juta – untuk Pak Ősz 😀 di Kendari' } }));
    const text = (await pdfPages(pdf)).join('\n');
    expect(text).toContain('Uang “pelicin” – Rp 5 juta – untuk Pak [U+0150]sz [U+1F600] di Kendari');
    expect(text).toContain('ditulis sebagai kodenya');
    const plain = (await pdfPages((await renderCasePdf(caseFile())).pdf)).join('\n');
    expect(plain).not.toContain('ditulis sebagai kodenya');
  });

  it('renders the same bytes for the same export', async () => {
    const [a, b] = await Promise.all([renderCasePdf(caseFile()), renderCasePdf(caseFile())]);
    expect(a.pdf.equals(b.pdf)).toBe(true);
  });
});

describe(pdfSafe.name, () => {
  it('keeps Indonesian and Latin-1 text, composes accents, and codes the rest', () => {
    expect(pdfSafe('Kota Kendari, Sulawesi Tenggara: café – “ok” € 5')).toEqual({ text: 'Kota Kendari, Sulawesi Tenggara: café – “ok” € 5', replaced: false });
    expect(pdfSafe('cafe\u0301')).toEqual({ text: 'café', replaced: false });
    expect(pdfSafe('a\u200bb\u00a0c\r\nd\te')).toEqual({ text: 'ab\u00a0c\nd    e', replaced: false });
    expect(pdfSafe('\u2212 \u2010')).toEqual({ text: '- -', replaced: false });
    expect(pdfSafe('ő 😀 \u0007')).toEqual({ text: '[U+0151] [U+1F600] [U+0007]', replaced: true });
  });
});

describe(localTime.name, () => {
  it('lists assignments with who, when, by whom, overridden conflicts and reasons, and unassignments and recusals', async () => {
    const { pdf } = await renderCasePdf(
      caseFile({
        assignments: [
          { action: 'assigned', inspectorName: 'Pemeriksa Dua', actorName: 'Irban Satu', at: new Date('2025-03-04T01:30:00Z'), conflicts: [], reason: null },
          { action: 'assigned', inspectorName: 'Andi Pratama', actorName: 'Irban Satu', at: new Date('2025-03-06T02:00:00Z'), conflicts: ['same_opd'], reason: 'Satu-satunya auditor bersertifikat.' },
          { action: 'unassigned', inspectorName: 'Andi Pratama', actorName: 'Irban Satu', at: new Date('2025-03-20T02:00:00Z'), conflicts: [], reason: 'Beban kerja.' },
          { action: 'recused', inspectorName: 'Pemeriksa Dua', actorName: 'Pemeriksa Dua', at: new Date('2025-04-02T02:00:00Z'), conflicts: [], reason: null },
        ],
      }),
    );
    const text = (await pdfPages(pdf)).join('\n');
    for (const expected of [
      'Penugasan pemeriksa',
      '2025-03-04 09:30 · Pemeriksa Dua ditugaskan oleh Irban Satu',
      '2025-03-06 10:00 · Andi Pratama ditugaskan oleh Irban Satu',
      'Benturan kepentingan dikesampingkan: bekerja di OPD terlapor',
      'Alasan: Satu-satunya auditor bersertifikat.',
      '2025-03-20 10:00 · Andi Pratama dilepas oleh Irban Satu',
      'Alasan: Beban kerja.',
      '2025-04-02 10:00 · Pemeriksa Dua mengundurkan diri',
    ]) {
      expect(text).toContain(expected);
    }
    // The plain assignment says nothing about a conflict.
    expect(text.match(/Benturan kepentingan dikesampingkan/g)).toHaveLength(1);
  });

  it('lists identity requests with who asked, when, the decision and who made it, never the identity', async () => {
    const { pdf } = await renderCasePdf(
      caseFile({
        lang: 'en',
        identityRequests: [
          { requesterName: 'Pemeriksa Dua', requestedAt: new Date('2025-03-10T01:00:00Z'), status: 'refused', deciderName: 'Kustodian Satu', decidedAt: new Date('2025-03-11T01:00:00Z') },
          { requesterName: 'Pemeriksa Dua', requestedAt: new Date('2025-03-12T01:00:00Z'), status: 'approved', deciderName: 'Kustodian Dua', decidedAt: new Date('2025-03-12T03:00:00Z') },
          { requesterName: 'Pemeriksa Tiga', requestedAt: new Date('2025-03-13T01:00:00Z'), status: 'pending', deciderName: null, decidedAt: null },
        ],
      }),
    );
    const text = (await pdfPages(pdf)).join('\n');
    for (const expected of [
      "Requests for the reporter's identity",
      '2025-03-10 09:00 · Requested by Pemeriksa Dua',
      'refused by Kustodian Satu, 2025-03-11 09:00',
      'approved by Kustodian Dua, 2025-03-12 11:00',
      '2025-03-13 09:00 · Requested by Pemeriksa Tiga',
      'not decided yet',
      "The reporter's identity is withheld and not part of this document.",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('says when no one was assigned and no identity was asked for', async () => {
    const text = (await pdfPages((await renderCasePdf(caseFile())).pdf)).join('\n');
    expect(text).toContain('Belum ada pemeriksa yang ditugaskan.');
    expect(text).toContain('Tidak ada permintaan identitas.');
  });

  it('writes the local time of the given zone', () => {
    expect(localTime(new Date('2025-12-31T16:30:00Z'), 'Asia/Makassar')).toBe('2026-01-01 00:30');
    expect(localTime(new Date('2025-12-31T16:30:00Z'), 'Asia/Jakarta')).toBe('2025-12-31 23:30');
  });
});
