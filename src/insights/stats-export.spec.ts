import ExcelJS from 'exceljs';
import type { StatsDashboard } from './stats-dashboard';
import { csvCell, dashboardCsv } from './stats-export';
import { dashboardXlsx } from './stats-workbook';

const dashboard: StatsDashboard = {
  filters: { from: '2026-01-01', to: '2026-01-31', category: null },
  minGroup: 3,
  smallGroupTables: ['reports', 'opd_by_category', 'open', 'inspectors', 'decisions', 'breaches', 'satisfaction', 'labels'],
  generatedAt: '2026-02-01T00:00:00.000Z',
  reports: {
    total: 7,
    byMonth: [{ month: '2026-01', count: 7 }],
    byCategory: [
      { code: 'corruption', name: '=HYPERLINK("x")', count: 5 },
      { code: 'pungli', name: 'Pungli, "sekolah"', count: { hidden: true, below: 3 } },
    ],
    byOpd: [{ code: null, name: null, count: 7 }],
    byChannel: [{ channel: 'web', count: 7 }],
    byOpdCategory: [
      { opdCode: 'DINKES', opdName: 'Dinas Kesehatan', categoryCode: 'corruption', categoryName: 'Korupsi', count: 5 },
      { opdCode: null, opdName: null, categoryCode: 'pungli', categoryName: 'Pungli', count: { hidden: true, below: 3 } },
    ],
  },
  open: { total: 0, byStatus: [], byInspector: [], unassigned: 0 },
  verification: { completed: 4, withinSlaShare: 0.75, medianDays: 2.5 },
  investigation: { completed: 0, withinSlaShare: null },
  closure: { closed: 0, medianDays: null, byOutcome: [] },
  breaches: { total: 0, byKind: [] },
  satisfaction: {
    rated: 5,
    average: 4.2,
    byRating: [
      { rating: 5, count: 3 },
      { rating: 4, count: { hidden: true, below: 3 } },
    ],
  },
  byLabel: [{ id: '7f0c', name: 'Mendesak', colour: '#b91c1c', open: 4, all: { hidden: true, below: 3 } }],
};

describe('statistics export', () => {
  it('writes one CSV line per number, hidden ones as "< 3", formulas defused, quotes doubled', () => {
    const csv = dashboardCsv(dashboard, 'en');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('section,key,label,value');
    expect(lines).toEqual(
      expect.arrayContaining([
        'filter,from,From,2026-01-01',
        'satisfaction,average,Average rating (1–5),4.2',
        'open_by_label,7f0c,Mendesak,4',
        'reports_by_label,7f0c,Mendesak,< 3',
        'satisfaction_by_rating,4,Rating 4,< 3',
        'filter,min_group,Smallest group shown,3',
        'reports_by_category,corruption,"\'=HYPERLINK(""x"")",5',
        'reports_by_category,pungli,"Pungli, ""sekolah""",< 3',
        'reports_by_opd,,No OPD,7',
        'verification,within_sla_share,Share within SLA,0.75',
        'investigation,within_sla_share,Share within SLA,',
        'reports_by_opd_category,DINKES/corruption,Dinas Kesehatan / Korupsi,5',
        'reports_by_opd_category,/pungli,No OPD / Pungli,< 3',
      ]),
    );
  });

  it('writes an XLSX workbook with one sheet per table, each with its header row, numbers as numbers', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await dashboardXlsx(dashboard, 'id')) as never);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      'Keterangan',
      'Ringkasan',
      'Laporan per bulan',
      'Laporan per kategori',
      'Laporan per OPD',
      'OPD × kategori',
      'Laporan per saluran',
      'Terbuka per status',
      'Terbuka per pemeriksa',
      'Hasil penutupan',
      'Pelanggaran SLA berjalan',
      'Penilaian pelapor',
      'Kasus per label',
    ]);
    const rows = (name: string) =>
      book
        .getWorksheet(name)!
        .getSheetValues()
        .filter(Boolean)
        .map((r) => (r as unknown[]).slice(1));
    expect(rows('Keterangan')).toContainEqual(['Dari tanggal', '2026-01-01']);
    expect(rows('Keterangan')).toContainEqual(['Kategori', 'Semua kategori']);
    expect(rows('Ringkasan')[0]).toEqual(['Ukuran', 'Nilai']);
    expect(rows('Ringkasan')).toContainEqual(['Verifikasi yang selesai tepat waktu (sesuai SLA)', 0.75]);
    expect(rows('Ringkasan')).toContainEqual(['Median hari sampai verifikasi selesai', 2.5]);
    expect(rows('Laporan per bulan')).toEqual([
      ['Bulan', 'Jumlah'],
      ['Januari 2026', 7],
    ]);
    // A name that looks like a formula stays text.
    expect(rows('Laporan per kategori')).toEqual([
      ['Kategori', 'Jumlah'],
      ['=HYPERLINK("x")', 5],
      ['Pungli, "sekolah"', '< 3'],
    ]);
    expect(rows('OPD × kategori')).toEqual([
      ['OPD', 'Kategori', 'Jumlah'],
      ['Dinas Kesehatan', 'Korupsi', 5],
      ['Tanpa OPD', 'Pungli', '< 3'],
    ]);
    expect(rows('Kasus per label')).toEqual([
      ['Label', 'Terbuka sekarang', 'Masuk dalam periode'],
      ['Mendesak', 4, '< 3'],
    ]);
    const share = book.getWorksheet('Ringkasan')!.getRow(5).getCell(2);
    expect(share.value).toBe(0.75);
    expect(share.numFmt).toBe('0.0%');
    expect(book.getWorksheet('Ringkasan')!.getRow(1).font?.bold).toBe(true);
  });

  it('names the sheets in English too, within the 31 characters a sheet name may have', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await dashboardXlsx(dashboard, 'en')) as never);
    expect(book.worksheets.map((s) => s.name)).toContain('Open per inspector');
    expect(book.worksheets.every((s) => s.name.length <= 31 && !/[:\\/?*[\]]/.test(s.name))).toBe(true);
  });

  it('quotes CSV cells', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('+62')).toBe("'+62");
    expect(csvCell('-1')).toBe("'-1");
  });
});
