import ExcelJS from 'exceljs';
import request from 'supertest';
import { InsightsCountsRebuild } from '../src/insights/counts/insights-counts-rebuild';
import { FixedClock } from '../src/platform/clock/clock';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { apiDocument, bearer, pageSession } from './support/pages';

/**
 * Issue 5, insights: statistics from hand-counted fixtures (rows inserted directly, so every
 * number below can be checked by reading this file), with the small-group rule, the shares
 * within SLA, the medians, the period and category filters, the CSV and XLSX exports and their
 * audit entries, 400s for bad filters with nothing recorded, and 403 for everyone but
 * supervisors and auditors.
 *
 * Now: Monday 15 June 2026, 12:00 WITA. Default period: 2025-07-01 to 2026-06-15 (local days).
 *
 *   case  category      OPD      channel  submitted (WITA)   history                                             now
 *   C1    corruption    DINKES   web      2026-03-01 07:00   → investigating +1 d, → closed substantiated +10 d   closed
 *   C2    corruption    DINKES   web      2026-03-05 09:00   → investigating +2 d, → closed not_subst. +20 d     closed   investigation breach due 03-20 (late)
 *   C3    corruption    DINKES   phone    2026-03-20 09:00   verifying → closed rejected +4 d                    closed   verification breach due 03-23 (late)
 *   C4    illegal_levy  DIKBUD   web      2026-04-01 00:30   → investigating +5 d (31 March in UTC)              investigating  X, Y; feedback breach open
 *   C5    illegal_levy  DIKBUD   letter   2026-05-04 09:00   —                                                    received       verification breach open
 *   C6    illegal_levy  —        web      2026-05-20 09:00   → verifying                                          verifying      X; feedback breach open
 *   C7    corruption    BAPPEDA  web      2026-06-01 09:00   → investigating +3 d                                 investigating  Y
 *   C8    corruption    DINKES   web      2025-05-10 09:00   investigating → closed referred 2025-08-01 (+83 d)   closed
 *   C9    corruption    DINKES   web      2025-01-15 09:00   → investigating 2025-01-20                           investigating  X; investigation + feedback breaches open
 */
describe('Insights (statistics)', () => {
  const clock = new FixedClock(new Date('2026-06-15T04:00:00Z'));
  let t: TestApp;
  const who: Record<string, { id: string; email: string; password: string }> = {};
  const auth: Record<string, string> = {};
  const hidden = { hidden: true, below: 3 };
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

  const addCase = (n: number, c: { category: string; opd: string | null; channel: string; status: string; submitted: string; outcome?: string; track?: string }) =>
    t.db.query(
      `INSERT INTO cases (id, number, receipt_lookup, reporter_salt, reporter_content_key, category_code, opd_code, channel, anonymous,
                          status, outcome, track, report, closing_summary, submitted_at, updated_at)
       VALUES ($1, $2, sha256(convert_to('r' || $3::text, 'UTF8')), sha256(convert_to('s' || $3::text, 'UTF8')), '\\x00', $4, $5, $6, true,
               $7, $8, $9, '\\x01', CASE WHEN $7 = 'closed' THEN '\\x02'::bytea END, $10, $10)`,
      [id(n), `WBS-T-${n}`, n, c.category, c.opd, c.channel, c.status, c.outcome ?? null, c.track ?? (c.status === 'investigating' ? 'complaint' : null), c.submitted],
    );
  const move = (n: number, from: string | null, to: string, at: string, outcome: string | null = null) =>
    t.db.query(`INSERT INTO case_status_history (case_id, from_status, to_status, outcome, at) VALUES ($1, $2, $3, $4, $5)`, [id(n), from, to, outcome, at]);
  const breach = (n: number, kind: string, due: string, resolved: string | null) =>
    t.db.query(`INSERT INTO sla_breaches (case_id, kind, due_at, breached_at, resolved_at) VALUES ($1, $2, $3, $3::timestamptz + interval '1 minute', $4)`, [id(n), kind, due, resolved]);
  const assign = (n: number, staffId: string) =>
    t.db.query(`INSERT INTO case_assignments (case_id, staff_id, assigned_by, assigned_at) VALUES ($1, $2, $3, now())`, [id(n), staffId, who.supervisor.id]);

  const stats = (query = '', as = auth.auditor) => request(t.url).get(`/api/v1/stats${query}`).set('Authorization', as);
  const exported = () => t.db.query<{ actor_id: string; detail: string }>(`SELECT actor_id, detail FROM audit_log WHERE action = 'stats.exported' ORDER BY id`);

  beforeAll(async () => {
    // Every role signs in through the API and the pages: more sign-ins than the default per-minute limit.
    t = await startTestApp({ clock, env: { RATE_LIMIT_LOGIN: '1000' } });
    for (const role of [Role.Supervisor, Role.Auditor, Role.Inspector, Role.Custodian, Role.Admin]) {
      who[role] = await t.createStaff([role]);
      auth[role] = await bearer(t, who[role]);
    }
    const x = await t.createStaff([Role.Inspector]);
    const y = await t.createStaff([Role.Inspector]);
    who.x = x;
    who.y = y;
    await t.db.query(`UPDATE staff SET name = 'Ani Pemeriksa' WHERE id = $1`, [x.id]);
    await t.db.query(`UPDATE staff SET name = 'Budi Pemeriksa' WHERE id = $1`, [y.id]);

    await addCase(1, { category: 'corruption', opd: 'DINKES', channel: 'web', status: 'closed', outcome: 'substantiated', track: 'complaint', submitted: '2026-03-01 07:00+08' });
    await move(1, null, 'received', '2026-03-01 07:00+08');
    await move(1, 'received', 'verifying', '2026-03-01 08:00+08');
    await move(1, 'verifying', 'investigating', '2026-03-02 07:00+08');
    await move(1, 'investigating', 'closed', '2026-03-11 07:00+08', 'substantiated');

    await addCase(2, { category: 'corruption', opd: 'DINKES', channel: 'web', status: 'closed', outcome: 'not_substantiated', track: 'complaint', submitted: '2026-03-05 09:00+08' });
    await move(2, null, 'received', '2026-03-05 09:00+08');
    await move(2, 'received', 'verifying', '2026-03-05 10:00+08');
    await move(2, 'verifying', 'investigating', '2026-03-07 09:00+08');
    await move(2, 'investigating', 'closed', '2026-03-25 09:00+08', 'not_substantiated');
    await breach(2, 'investigation', '2026-03-20 09:00+08', '2026-03-25 09:00+08');

    await addCase(3, { category: 'corruption', opd: 'DINKES', channel: 'phone', status: 'closed', outcome: 'rejected', submitted: '2026-03-20 09:00+08' });
    await move(3, null, 'received', '2026-03-20 09:00+08');
    await move(3, 'received', 'verifying', '2026-03-20 10:00+08');
    await move(3, 'verifying', 'closed', '2026-03-24 09:00+08', 'rejected');
    await breach(3, 'verification', '2026-03-23 09:00+08', '2026-03-24 09:00+08');

    await addCase(4, { category: 'illegal_levy', opd: 'DIKBUD', channel: 'web', status: 'investigating', submitted: '2026-04-01 00:30+08' });
    await move(4, null, 'received', '2026-04-01 00:30+08');
    await move(4, 'received', 'verifying', '2026-04-01 08:00+08');
    await move(4, 'verifying', 'investigating', '2026-04-06 00:30+08');
    await breach(4, 'feedback', '2026-05-06 00:30+08', null);
    await assign(4, x.id);
    await assign(4, y.id);

    await addCase(5, { category: 'illegal_levy', opd: 'DIKBUD', channel: 'letter', status: 'received', submitted: '2026-05-04 09:00+08' });
    await move(5, null, 'received', '2026-05-04 09:00+08');
    await breach(5, 'verification', '2026-05-07 09:00+08', null);

    await addCase(6, { category: 'illegal_levy', opd: null, channel: 'web', status: 'verifying', submitted: '2026-05-20 09:00+08' });
    await move(6, null, 'received', '2026-05-20 09:00+08');
    await move(6, 'received', 'verifying', '2026-05-20 10:00+08');
    await breach(6, 'feedback', '2026-06-19 10:00+08', null);
    await assign(6, x.id);

    await addCase(7, { category: 'corruption', opd: 'BAPPEDA', channel: 'web', status: 'investigating', submitted: '2026-06-01 09:00+08' });
    await move(7, null, 'received', '2026-06-01 09:00+08');
    await move(7, 'received', 'verifying', '2026-06-01 10:00+08');
    await move(7, 'verifying', 'investigating', '2026-06-04 09:00+08');
    await assign(7, y.id);

    await addCase(8, { category: 'corruption', opd: 'DINKES', channel: 'web', status: 'closed', outcome: 'referred', track: 'examination', submitted: '2025-05-10 09:00+08' });
    await move(8, null, 'received', '2025-05-10 09:00+08');
    await move(8, 'received', 'verifying', '2025-05-10 10:00+08');
    await move(8, 'verifying', 'investigating', '2025-05-12 09:00+08');
    await move(8, 'investigating', 'closed', '2025-08-01 09:00+08', 'referred');
    await assign(8, y.id);

    await addCase(9, { category: 'corruption', opd: 'DINKES', channel: 'web', status: 'investigating', submitted: '2025-01-15 09:00+08' });
    await move(9, null, 'received', '2025-01-15 09:00+08');
    await move(9, 'received', 'verifying', '2025-01-15 10:00+08');
    await move(9, 'verifying', 'investigating', '2025-01-20 09:00+08');
    await breach(9, 'investigation', '2025-02-10 09:00+08', null);
    await breach(9, 'feedback', '2025-02-14 09:00+08', null);
    await assign(9, x.id);

    // Labels: "Mendesak" on C4, C5, C7 (open) and C1 (closed); "Lama" on C8 (before the period); "Kosong" on none.
    const label = async (name: string, colour: string, on: number[]) => {
      const [row] = await t.db.query<{ id: string }>(`INSERT INTO case_labels (id, name, colour, created_by, created_at) VALUES (gen_random_uuid(), $1, $2, $3, now()) RETURNING id`, [
        name,
        colour,
        who.supervisor.id,
      ]);
      for (const n of on) await t.db.query(`INSERT INTO case_label_assignments (case_id, label_id) VALUES ($1, $2)`, [id(n), row.id]);
      return row.id;
    };
    labels.urgent = await label('Mendesak', '#b91c1c', [4, 5, 7, 1]);
    labels.old = await label('Lama', '#1d4ed8', [8]);
    labels.empty = await label('Kosong', '#fde047', []);
    // Two ratings (C1 5, C2 4): a group of 2, hidden from every reader.
    await t.db.query(`INSERT INTO reporter_feedback (case_id, rating, given_at) VALUES ($1, 5, '2026-03-12 09:00+08'), ($2, 4, '2026-03-26 09:00+08')`, [id(1), id(2)]);
    // The fixtures went into the cases' tables directly, without events: the statistics' counts are built from them.
    await t.app.get(InsightsCountsRebuild).rebuild();
  });
  const labels: Record<string, string> = {};
  afterAll(() => t?.close());

  it('counts the last twelve months by default, with groups of 1 or 2 hidden and groups of 3 shown', async () => {
    const { body } = await stats().expect(200);
    expect(body.filters).toEqual({ from: '2025-07-01', to: '2026-06-15', category: null });
    expect(body.minGroup).toBe(3);
    expect(body.reports.total).toBe(7);
    expect(body.reports.byMonth).toHaveLength(12);
    expect(body.reports.byMonth.filter((m: { count: unknown }) => m.count !== 0)).toEqual([
      { month: '2026-03', count: 3 },
      { month: '2026-04', count: hidden }, // C4, submitted 31 March in UTC but 1 April in Kendari
      { month: '2026-05', count: hidden },
      { month: '2026-06', count: hidden },
    ]);
    expect(body.reports.byCategory.filter((c: { count: unknown }) => c.count !== 0)).toEqual([
      { code: 'corruption', name: 'Korupsi / kerugian negara', count: 4 },
      { code: 'illegal_levy', name: 'Pungutan liar (pungli)', count: 3 },
    ]);
    expect(body.reports.byCategory).toHaveLength(10);
    expect(body.reports.byOpd).toEqual([
      { code: 'DINKES', name: 'Dinas Kesehatan', count: 3 },
      { code: 'BAPPEDA', name: 'Badan Perencanaan Pembangunan Daerah', count: hidden },
      { code: 'DIKBUD', name: 'Dinas Pendidikan dan Kebudayaan', count: hidden },
      { code: null, name: null, count: hidden },
    ]);
    expect(body.reports.byChannel).toEqual([
      { channel: 'web', count: 5 },
      { channel: 'api', count: 0 },
      { channel: 'phone', count: hidden },
      { channel: 'letter', count: hidden },
      { channel: 'in_person', count: 0 },
      { channel: 'email', count: 0 },
    ]);
  });

  it('keeps the OPD × category table under the small-group rule, for every reader', async () => {
    const cross = [
      { opdCode: 'BAPPEDA', opdName: 'Badan Perencanaan Pembangunan Daerah', categoryCode: 'corruption', categoryName: 'Korupsi / kerugian negara', count: hidden },
      { opdCode: 'DINKES', opdName: 'Dinas Kesehatan', categoryCode: 'corruption', categoryName: 'Korupsi / kerugian negara', count: 3 },
      { opdCode: 'DIKBUD', opdName: 'Dinas Pendidikan dan Kebudayaan', categoryCode: 'illegal_levy', categoryName: 'Pungutan liar (pungli)', count: hidden },
      { opdCode: null, opdName: null, categoryCode: 'illegal_levy', categoryName: 'Pungutan liar (pungli)', count: hidden },
    ];
    expect((await stats().expect(200)).body.reports.byOpdCategory).toEqual(cross);
    expect((await stats('', auth.supervisor).expect(200)).body.reports.byOpdCategory).toEqual(cross);
  });

  it('shows a supervisor in full what the inbox and the assignment form already show them, and nothing more', async () => {
    const { body } = await stats('', auth.supervisor).expect(200);
    expect(body.smallGroupTables).toEqual(['opd_by_category', 'satisfaction']);
    expect(body.reports.byOpd).toEqual([
      { code: 'DINKES', name: 'Dinas Kesehatan', count: 3 },
      { code: 'DIKBUD', name: 'Dinas Pendidikan dan Kebudayaan', count: 2 },
      { code: 'BAPPEDA', name: 'Badan Perencanaan Pembangunan Daerah', count: 1 },
      { code: null, name: null, count: 1 },
    ]);
    expect(body.reports.byChannel.filter((c: { count: number }) => c.count !== 0)).toEqual([
      { channel: 'web', count: 5 },
      { channel: 'phone', count: 1 },
      { channel: 'letter', count: 1 },
    ]);
    expect(body.open.byInspector).toEqual([
      { staffId: who.x.id, name: 'Ani Pemeriksa', count: 3 },
      { staffId: who.y.id, name: 'Budi Pemeriksa', count: 2 },
    ]);
    expect(body.open.unassigned).toBe(1);
    expect(body.closure.byOutcome.filter((o: { count: number }) => o.count !== 0)).toHaveLength(4);
    expect(body.breaches.byKind).toEqual([
      { kind: 'verification', count: 1 },
      { kind: 'investigation', count: 1 },
      { kind: 'feedback', count: 3 },
    ]);
    // The auditor's answer to the same question keeps every table under the rule.
    const auditor = (await stats().expect(200)).body;
    expect(auditor.smallGroupTables).toEqual(['reports', 'opd_by_category', 'open', 'inspectors', 'decisions', 'breaches', 'satisfaction', 'labels']);
    expect(auditor.open.unassigned).toEqual(hidden);
    expect(body.satisfaction).toEqual(auditor.satisfaction);
    expect(body.satisfaction.rated).toEqual(hidden);
  });

  it('gives verifications and investigations done within SLA, median days, closings and their outcomes', async () => {
    const { body } = await stats().expect(200);
    // Verifications: C1 1 d, C2 2 d, C3 4 d (late), C4 5 d, C7 3 d.
    expect(body.verification).toEqual({ completed: 5, withinSlaShare: 0.8, medianDays: 3 });
    // Investigations: C1, C2 (late), C8 (closed in August 2025, submitted before the period).
    expect(body.investigation).toEqual({ completed: 3, withinSlaShare: 0.6667 });
    // Closings: C3 4 d, C1 10 d, C2 20 d, C8 83 d → (10 + 20) / 2.
    expect(body.closure.closed).toBe(4);
    expect(body.closure.medianDays).toBe(15);
    expect(body.closure.byOutcome).toEqual([
      { outcome: 'substantiated', count: hidden },
      { outcome: 'not_substantiated', count: hidden },
      { outcome: 'referred', count: hidden },
      { outcome: 'rejected', count: hidden },
      { outcome: 'duplicate', count: 0 },
    ]);
  });

  it('shows open cases per status and per inspector, and ongoing breaches, as they are now', async () => {
    const { body } = await stats().expect(200);
    expect(body.open.total).toBe(5);
    expect(body.open.byStatus).toEqual([
      { status: 'received', count: hidden },
      { status: 'verifying', count: hidden },
      { status: 'investigating', count: 3 },
    ]);
    // C4 has two inspectors and counts for both; C1 and C8 (Budi's) are closed.
    expect(body.open.byInspector).toEqual([
      { staffId: who.x.id, name: 'Ani Pemeriksa', count: 3 },
      { staffId: who.y.id, name: 'Budi Pemeriksa', count: hidden },
    ]);
    expect(body.open.unassigned).toEqual(hidden);
    expect(body.breaches).toEqual({
      total: 5,
      byKind: [
        { kind: 'verification', count: hidden },
        { kind: 'investigation', count: hidden },
        { kind: 'feedback', count: 3 },
      ],
    });
  });

  it('counts open and all cases of the period by label, with the small-group rule', async () => {
    const { body } = await stats().expect(200);
    expect(body.byLabel).toEqual([
      { id: labels.empty, name: 'Kosong', colour: '#fde047', open: 0, all: 0 },
      { id: labels.old, name: 'Lama', colour: '#1d4ed8', open: 0, all: 0 }, // C8: closed, submitted before the period
      { id: labels.urgent, name: 'Mendesak', colour: '#b91c1c', open: 3, all: 4 },
    ]);
    // Corruption only: C7 open, C1 closed.
    const corruption = await stats('?category=corruption').expect(200);
    expect(corruption.body.byLabel.find((l: { id: string }) => l.id === labels.urgent)).toMatchObject({ open: hidden, all: hidden });
    const page = await pageSession(t, who.supervisor.email, who.supervisor.password);
    const html = (await page.agent.get('/staff/insights').expect(200)).text;
    expect(html).toMatch(/<th scope="row">Mendesak<\/th><td class="num">3<\/td><td class="num">4<\/td>/);
    expect(html).toContain('Kasus per label');
  });

  it('filters by category', async () => {
    const { body } = await stats('?category=corruption&lang=en').expect(200);
    expect(body.filters).toEqual({ from: '2025-07-01', to: '2026-06-15', category: 'corruption' });
    expect(body.reports.total).toBe(4);
    expect(body.reports.byCategory).toEqual([{ code: 'corruption', name: 'Corruption / loss to the state', count: 4 }]);
    expect(body.reports.byOpd).toEqual([
      { code: 'DINKES', name: 'Dinas Kesehatan', count: 3 },
      { code: 'BAPPEDA', name: 'Badan Perencanaan Pembangunan Daerah', count: hidden },
    ]);
    expect(body.reports.byChannel.find((c: { channel: string }) => c.channel === 'web').count).toBe(3);
    // C1 1 d, C2 2 d, C3 4 d (late), C7 3 d → 3 of 4 on time, median (2 + 3) / 2.
    expect(body.verification).toEqual({ completed: 4, withinSlaShare: 0.75, medianDays: 2.5 });
    expect(body.investigation).toEqual({ completed: 3, withinSlaShare: 0.6667 });
    expect(body.closure.medianDays).toBe(15);
    expect(body.open.total).toEqual(hidden);
    expect(body.open.byStatus).toEqual([
      { status: 'received', count: 0 },
      { status: 'verifying', count: 0 },
      { status: 'investigating', count: hidden },
    ]);
    expect(body.open.byInspector).toEqual([
      { staffId: who.x.id, name: 'Ani Pemeriksa', count: hidden },
      { staffId: who.y.id, name: 'Budi Pemeriksa', count: hidden },
    ]);
    expect(body.open.unassigned).toBe(0);
    expect(body.breaches.byKind).toEqual([
      { kind: 'verification', count: 0 },
      { kind: 'investigation', count: hidden },
      { kind: 'feedback', count: hidden },
    ]);
  });

  it('filters by period in local days, and hides a share and a median of a small group', async () => {
    const { body } = await stats('?from=2026-03-01&to=2026-03-31').expect(200);
    // C1 (28 February in UTC) is in; C4 (31 March in UTC) is not.
    expect(body.reports.total).toBe(3);
    expect(body.reports.byMonth).toEqual([{ month: '2026-03', count: 3 }]);
    expect(body.verification).toEqual({ completed: 3, withinSlaShare: 0.6667, medianDays: 2 });
    expect(body.investigation).toEqual({ completed: hidden, withinSlaShare: hidden });
    expect(body.closure).toMatchObject({ closed: 3, medianDays: 10 });

    const may = (await stats('?from=2026-05-01&to=2026-05-31').expect(200)).body;
    expect(may.reports.total).toEqual(hidden);
    expect(may.verification).toEqual({ completed: 0, withinSlaShare: null, medianDays: null });
  });

  it('shows the dashboard to supervisors and auditors: charts as SVG, the same numbers in tables, the definitions', async () => {
    for (const role of [Role.Auditor, Role.Supervisor]) {
      const { agent } = await pageSession(t, who[role].email, who[role].password);
      const page = await agent.get('/staff/insights').expect(200);
      expect(page.headers['content-security-policy']).toContain("default-src 'none'");
      const html = page.text;
      expect(html).toContain('href="/staff/insights"');
      expect(html).toContain('value="2025-07-01"');
      // The small-group rule hides from an auditor what a supervisor already sees in the inbox and when assigning.
      const few = (n: string) => (role === Role.Supervisor ? n : '&lt; 3');
      expect(rows(html, 'stats-opd')).toEqual([
        ['Dinas Kesehatan', '3'],
        ...(role === Role.Supervisor
          ? [
              ['Dinas Pendidikan dan Kebudayaan', '2'],
              ['Badan Perencanaan Pembangunan Daerah', '1'],
              ['Tanpa OPD', '1'],
            ]
          : [
              ['Badan Perencanaan Pembangunan Daerah', '&lt; 3'],
              ['Dinas Pendidikan dan Kebudayaan', '&lt; 3'],
              ['Tanpa OPD', '&lt; 3'],
            ]),
      ]);
      expect(rows(html, 'stats-inspector')).toEqual([
        ['Ani Pemeriksa', '3'],
        ['Budi Pemeriksa', few('2')],
        ['Belum ada pemeriksa', few('1')],
      ]);
      // Ratings are shown on no staff page: hidden for supervisors too.
      expect(rows(html, 'stats-rating')).toEqual([
        ['Nilai 5', '&lt; 3'],
        ['Nilai 4', '&lt; 3'],
        ['Nilai 3', '0'],
        ['Nilai 2', '0'],
        ['Nilai 1', '0'],
      ]);
      const summary = Object.fromEntries(rows(html, 'summary-title'));
      expect(summary['Laporan masuk dalam periode']).toBe('7');
      expect(summary['Verifikasi yang selesai tepat waktu (sesuai SLA)']).toBe('80%');
      expect(summary['Pemeriksaan yang selesai tepat waktu (sesuai SLA)']).toBe('66,7%');
      expect(summary['Median hari sampai verifikasi selesai']).toBe('3 hari');
      expect(summary['Median hari sampai kasus ditutup']).toBe('15 hari');
      // Each breakdown: an SVG image named by its title and description, with the numbers beside it.
      const svg = /<svg class="chart" role="img" aria-labelledby="chart-opd-title chart-opd-desc"[\s\S]*?<\/svg>/.exec(html)![0];
      expect(svg).toContain('<title id="chart-opd-title">Laporan per OPD terlapor</title>');
      expect(svg).toMatch(/<desc id="chart-opd-desc">[^<]+<\/desc>/);
      expect(svg.match(/<rect class="chart-bar"/g)).toHaveLength(role === Role.Supervisor ? 4 : 1); // hidden groups get no bar
      expect(html).not.toMatch(/\sstyle=|<script|\son[a-z]+=/i);
      expect(html).toContain('Cara menghitung');
      expect(html).toContain(role === Role.Supervisor ? 'sebagai supervisor Anda melihat apa adanya' : 'ditulis &quot;&lt; 3&quot;');
    }
    const { agent } = await pageSession(t, who.auditor.email, who.auditor.password);
    const en = await agent.get('/staff/insights?lang=en&category=corruption').expect(200);
    expect(Object.fromEntries(rows(en.text, 'summary-title'))['Median days to complete verification']).toBe('2.5 days');
    expect(en.text).toContain('<option value="corruption" selected>');
    // The language link saves the member's choice; the tests below read Indonesian again.
    await agent.get('/staff/insights?lang=id').expect(200);
  });

  it('exports the same statistics as CSV and XLSX, each export recorded in the audit log', async () => {
    const csv = await request(t.url).get('/staff/insights/export.csv?category=corruption').set('Authorization', auth.auditor).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain('attachment');
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('section,key,label,value');
    expect(lines).toEqual(
      expect.arrayContaining([
        'filter,from,Dari tanggal,2025-07-01',
        'filter,to,Sampai tanggal,2026-06-15',
        'filter,category,Kategori,corruption',
        'reports,total,Laporan masuk dalam periode,4',
        'reports_by_opd,DINKES,Dinas Kesehatan,3',
        'reports_by_opd,BAPPEDA,Badan Perencanaan Pembangunan Daerah,< 3',
        'verification,completed,Verifikasi selesai dalam periode,4',
        'verification,within_sla_share,Bagian yang tepat waktu (sesuai SLA),0.75',
        'verification,median_days,Median hari sampai verifikasi selesai,2.5',
        'closure,median_days,Median hari sampai kasus ditutup,15',
        `open_by_inspector,${who.x.id},Ani Pemeriksa,< 3`,
      ]),
    );

    const xlsx = await request(t.url)
      .get('/staff/insights/export.xlsx?from=2026-03-01&to=2026-03-31')
      .set('Authorization', auth.supervisor)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as never);
    // One sheet per table, each with its header row; an export is under the small-group rule whoever makes it.
    expect(book.worksheets.map((w) => w.name)).toEqual([
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
    const sheet = (name: string) =>
      book
        .getWorksheet(name)!
        .getSheetValues()
        .filter(Boolean)
        .map((r) => (r as unknown[]).slice(1));
    expect(sheet('Keterangan')).toEqual(
      expect.arrayContaining([
        ['Dari tanggal', '2026-03-01'],
        ['Sampai tanggal', '2026-03-31'],
        ['Kategori', 'Semua kategori'],
      ]),
    );
    expect(sheet('Ringkasan')).toEqual(
      expect.arrayContaining([
        ['Ukuran', 'Nilai'],
        ['Laporan masuk dalam periode', 3],
        ['Verifikasi yang selesai tepat waktu (sesuai SLA)', 0.6667],
        ['Median hari sampai verifikasi selesai', 2],
        ['Pemeriksaan selesai dalam periode', '< 3'],
        ['Median hari sampai kasus ditutup', 10],
      ]),
    );
    expect(sheet('Laporan per bulan')).toEqual([
      ['Bulan', 'Jumlah'],
      ['Maret 2026', 3],
    ]);
    expect(sheet('Laporan per OPD')).toEqual([
      ['OPD', 'Jumlah'],
      ['Dinas Kesehatan', 3],
    ]);
    expect(sheet('OPD × kategori')).toEqual([
      ['OPD', 'Kategori', 'Jumlah'],
      ['Dinas Kesehatan', 'Korupsi / kerugian negara', 3],
    ]);
    expect(sheet('Laporan per saluran')).toEqual(
      expect.arrayContaining([
        ['Saluran', 'Jumlah'],
        ['Formulir web', '< 3'],
        ['Telepon', '< 3'],
      ]),
    );
    expect(sheet('Terbuka per pemeriksa')).toEqual([
      ['Pemeriksa', 'Jumlah'],
      ['Ani Pemeriksa', 3],
      ['Budi Pemeriksa', '< 3'],
      ['Belum ada pemeriksa', '< 3'],
    ]);
    expect(sheet('Kasus per label')[0]).toEqual(['Label', 'Terbuka sekarang', 'Masuk dalam periode']);

    expect(await exported()).toEqual([
      { actor_id: who.auditor.id, detail: JSON.stringify({ filters: { category: 'corruption', from: '2025-07-01', to: '2026-06-15' }, format: 'csv' }) },
      { actor_id: who.supervisor.id, detail: JSON.stringify({ filters: { from: '2026-03-01', to: '2026-03-31' }, format: 'xlsx' }) },
    ]);
  });

  it('answers bad filters with 400 and the error on its field, recording nothing', async () => {
    const before = await exported();
    const api = await stats('?from=2026-02-30&to=2026-13-01&category=tidak_ada').expect(400);
    expect(api.body.code).toBe('validation_failed');
    expect(api.body.errors).toEqual([
      { field: 'from', message: 'Tanggal harus berbentuk TTTT-BB-HH dan benar-benar ada.' },
      { field: 'to', message: 'Tanggal harus berbentuk TTTT-BB-HH dan benar-benar ada.' },
      { field: 'category', message: 'Kategori tidak dikenal.' },
    ]);
    expect((await stats('?from=2026-05-02&to=2026-05-01&lang=en').expect(400)).body.errors).toEqual([{ field: 'to', message: 'The end date is before the start date.' }]);

    const { agent } = await pageSession(t, who.auditor.email, who.auditor.password);
    const page = await agent.get('/staff/insights?from=2026-05-02&to=2026-05-01&category=corruption').expect(400);
    expect(page.text).toContain('<span class="error" id="to-error">Tanggal akhir sebelum tanggal awal.</span>');
    expect(page.text).toMatch(/id="to" name="to" value="2026-05-01" aria-invalid="true" aria-describedby="to-error"/);
    expect(page.text).toContain('value="2026-05-02"');
    expect(page.text).toContain('<option value="corruption" selected>');
    expect(page.text).not.toContain('class="chart"');
    const unknown = await agent.get('/staff/insights?category=%3Cb%3Ex').expect(400);
    expect(unknown.text).toContain('<span class="error" id="category-error">Kategori tidak dikenal.</span>');
    expect(unknown.text).not.toContain('<b>x');

    await request(t.url).get('/staff/insights/export.csv?to=kemarin').set('Authorization', auth.auditor).expect(400);
    await request(t.url).get('/staff/insights/export.xlsx?category=nope').set('Authorization', auth.supervisor).expect(400);
    expect(await exported()).toEqual(before);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM cases`)).toEqual([{ n: 9 }]);
  });

  it('refuses inspectors, custodians and admins on the page, the API and the exports', async () => {
    const before = await exported();
    for (const role of [Role.Inspector, Role.Custodian, Role.Admin]) {
      await stats('', auth[role]).expect(403);
      for (const path of ['/staff/insights', '/staff/insights/export.csv', '/staff/insights/export.xlsx']) {
        await request(t.url).get(path).set('Authorization', auth[role]).expect(403);
      }
      const { agent } = await pageSession(t, who[role].email, who[role].password);
      const home = await agent.get('/staff/notifications').expect(200);
      expect(home.text).not.toContain('href="/staff/insights"');
      await agent.get('/staff/insights').expect(403);
    }
    await request(t.url).get('/api/v1/stats').expect(401);
    expect(await exported()).toEqual(before);
  });

  it('documents the API', async () => {
    const doc = await apiDocument(t);
    const op = doc.paths['/api/v1/stats'].get;
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['from', 'to', 'category']));
    expect(JSON.stringify(op)).toContain('hidden');
    expect(doc.components.schemas.HiddenDto).toBeDefined();
  });
});

/** The [label, value] rows of the table in the section labelled by `labelId`. */
function rows(html: string, labelId: string): string[][] {
  const start = html.indexOf(`aria-labelledby="${labelId}`);
  const end = html.indexOf('</section>', start);
  const section = html.slice(start, end);
  const body = section.slice(section.lastIndexOf('<tbody>'));
  return [...body.matchAll(/<tr><th scope="row">([^<]*)<\/th><td class="num">([^<]*)<\/td><\/tr>/g)].map((m) => [m[1], m[2]]);
}
