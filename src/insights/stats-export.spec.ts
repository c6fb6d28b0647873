import ExcelJS from 'exceljs';
import type { StatsDashboard } from './stats-dashboard';
import { csvCell, dashboardCsv, dashboardXlsx } from './stats-export';

const dashboard: StatsDashboard = {
  filters: { from: '2026-01-01', to: '2026-01-31', category: null },
  minGroup: 3,
  smallGroupTables: ['reports', 'opd_by_category', 'open', 'inspectors', 'decisions', 'breaches', 'satisfaction', 'labels'],
  generatedAt: '2026-02-01T00:00:00.000Z',
  reports: {
    total: 7,
    byMonth: [{ month: '2026-01', count: 7 }],
    byCategory: [{ code: 'corruption', name: '=HYPERLINK("x")', count: 5 }, { code: 'pungli', name: 'Pungli, "sekolah"', count: { hidden: true, below: 3 } }],
    byOpd: [{ code: null, name: null, count: 7 }],
    byChannel: [{ channel: 'web', count: 7 }],
    byOpdCategory: [],
  },
  open: { total: 0, byStatus: [], byInspector: [], unassigned: 0 },
  verification: { completed: 4, withinSlaShare: 0.75, medianDays: 2.5 },
  investigation: { completed: 0, withinSlaShare: null },
  closure: { closed: 0, medianDays: null, byOutcome: [] },
  breaches: { total: 0, byKind: [] },
  satisfaction: { rated: 5, average: 4.2, byRating: [{ rating: 5, count: 3 }, { rating: 4, count: { hidden: true, below: 3 } }] },
  byLabel: [{ id: '7f0c', name: 'Mendesak', colour: '#b91c1c', open: 4, all: { hidden: true, below: 3 } }],
};

describe('statistics export', () => {
  it('writes one CSV line per number, hidden ones as "< 3", formulas defused, quotes doubled', () => {
    const csv = dashboardCsv(dashboard, 'en');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('section,key,label,value');
    expect(lines).toContain('filter,from,From,2026-01-01');
    expect(lines).toContain('satisfaction,average,Average rating (1–5),4.2');
    expect(lines).toContain('open_by_label,7f0c,Mendesak,4');
    expect(lines).toContain('reports_by_label,7f0c,Mendesak,< 3');
    expect(lines).toContain('satisfaction_by_rating,4,Rating 4,< 3');
    expect(lines).toContain('filter,min_group,Smallest group shown,3');
    expect(lines).toContain('reports_by_category,corruption,"\'=HYPERLINK(""x"")",5');
    expect(lines).toContain('reports_by_category,pungli,"Pungli, ""sekolah""",< 3');
    expect(lines).toContain('reports_by_opd,,No OPD,7');
    expect(lines).toContain('verification,within_sla_share,Share within SLA,0.75');
    expect(lines).toContain('investigation,within_sla_share,Share within SLA,');
  });

  it('writes the same lines to XLSX, numbers as numbers', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await dashboardXlsx(dashboard, 'id')) as never);
    const rows = book.worksheets[0].getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(rows[0]).toEqual(['section', 'key', 'label', 'value']);
    expect(rows).toContainEqual(['reports_by_category', 'pungli', 'Pungli, "sekolah"', '< 3']);
    expect(rows).toContainEqual(['verification', 'within_sla_share', 'Bagian yang tepat waktu (sesuai SLA)', 0.75]);
    expect(rows).toContainEqual(['verification', 'median_days', 'Median hari sampai verifikasi selesai', 2.5]);
  });

  it('quotes CSV cells', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('+62')).toBe("'+62");
    expect(csvCell('-1')).toBe("'-1");
  });
});
