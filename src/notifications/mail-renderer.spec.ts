import { ALERT_KINDS, WHERE_TO_LOOK } from '../alerts/events/alert-kinds';
import { loadConfig } from '../platform/config/app-config';
import { LANGUAGES } from '../platform/i18n/i18n';
import { MailRenderer } from './mail-renderer';
import { NOTICE_RULES, NoticeFacts } from './notices';

const config = loadConfig({ PUBLIC_URL: 'https://wbs.kendarikota.go.id', TZ_NAME: 'Asia/Makassar' });
const renderer = new MailRenderer(config);
const CASE = '0d5c1f7e-8f1a-4c55-9a57-1b2f3c4d5e6f';

/** Every notice kind the rules can produce, with the facts they carry. */
const notices: NoticeFacts[] = [
  { notice: 'new-report', caseId: CASE, caseNumber: 'WBS-2026-00042', path: `/staff/cases/${CASE}` },
  { notice: 'case-assigned', caseId: CASE, caseNumber: 'WBS-2026-00042', path: `/staff/cases/${CASE}` },
  { notice: 'inspector-recused', caseId: CASE, caseNumber: 'WBS-2026-00042', path: `/staff/cases/${CASE}` },
  { notice: 'reporter-message', caseId: CASE, caseNumber: 'WBS-2026-00042', path: `/staff/cases/${CASE}` },
  { notice: 'identity-requested', caseId: CASE, caseNumber: 'WBS-2026-00042', path: '/staff/identity-requests' },
  { notice: 'identity-approved', caseId: CASE, caseNumber: 'WBS-2026-00042', path: `/staff/cases/${CASE}` },
  { notice: 'identity-refused', caseId: CASE, caseNumber: 'WBS-2026-00042', path: `/staff/cases/${CASE}` },
  { notice: 'retention-expiring', caseId: CASE, caseNumber: 'WBS-2026-00042', dueAt: '2026-06-04T15:59:59.999Z', path: `/staff/cases/${CASE}/retention` },
  ...['verification', 'investigation', 'feedback'].flatMap((deadline) =>
    ['deadline-reminder', 'deadline-breached', 'breach-continues'].map((notice) => ({
      notice,
      caseId: CASE,
      caseNumber: 'WBS-2026-00042',
      dueAt: '2026-06-04T15:59:59.999Z',
      deadline,
      path: `/staff/cases/${CASE}`,
    })),
  ),
];

/** Notices about staff accounts: no case, the roles concerned, a link to the staff list. */
const roleNotices: NoticeFacts[] = [
  { notice: 'role-grant-proposed', roles: ['custodian'], path: '/staff/admin/staff' },
  { notice: 'role-grant-confirmed', roles: ['admin'], path: '/staff/admin/staff' },
  { notice: 'role-grant-rejected', roles: ['supervisor'], path: '/staff/admin/staff' },
  { notice: 'roles-changed', roles: ['inspector', 'auditor'], path: '/staff/admin/staff' },
  { notice: 'roles-changed', roles: [], path: '/staff/admin/staff' },
  { notice: 'account-created', roles: ['inspector'], path: '/staff/admin/staff' },
  { notice: 'account-created-by-operator', roles: ['custodian'], path: '/staff/admin/staff' },
];

/** Alerts on unusual activity: no case, the figures, where to look. */
const alertNotices: NoticeFacts[] = ALERT_KINDS.map((kind) => ({
  notice: `alert-${kind}`,
  path: WHERE_TO_LOOK[kind],
  alert: { at: '2026-11-02T02:37:00.000Z', from: '2026-11-02T02:30:00.000Z', minutes: 15, figure: 4711, threshold: kind === 'audit-chain-broken' ? null : 93 },
}));

describe(MailRenderer.name, () => {
  it.each(LANGUAGES)('renders every alert in %s with the figure, the threshold, when, and where to look', (lang) => {
    for (const facts of alertNotices) {
      const mail = renderer.render(lang, facts);
      for (const part of [mail.subject, mail.text, mail.html]) {
        expect(part).not.toMatch(/\bmail\.[a-z.-]+/);
        expect(part).not.toMatch(/\{[a-z]+\}/); // a placeholder left unfilled
      }
      expect(mail.text).toContain('4711');
      if (facts.alert!.threshold !== null) expect(mail.text).toMatch(/(Ambang peringatan|Alert threshold): 93\n/);
      else expect(mail.text).not.toMatch(/Ambang peringatan|Alert threshold/);
      expect(mail.text).toMatch(/(Terdeteksi|Detected): .*2 (November|November) 2026.*10[.:]37/);
      expect(mail.text).toContain(`https://wbs.kendarikota.go.id${facts.path}`);
      expect(mail.text).not.toMatch(/Nomor kasus|Case number/);
    }
    expect(renderer.render(lang, alertNotices[1]).text).toMatch(/15 (menit|minutes) (sejak|from) .*10[.:]30/);
  });

  it.each(LANGUAGES)('renders every role-change notice in %s with the roles and the link, and no case', (lang) => {
    for (const facts of roleNotices) {
      const mail = renderer.render(lang, facts);
      for (const part of [mail.subject, mail.text, mail.html]) expect(part).not.toMatch(/\bmail\.[a-z.-]+/);
      expect(mail.text).toContain('https://wbs.kendarikota.go.id/staff/admin/staff');
      expect(mail.text).not.toMatch(/Nomor kasus|Case number/);
    }
    expect(renderer.render(lang, roleNotices[0]).text).toMatch(/kustodian identitas|identity custodian/);
    expect(renderer.render(lang, roleNotices[3]).text).toMatch(/pemeriksa, auditor|inspector, auditor/);
  });

  it.each(LANGUAGES)('renders every notice in %s with the case number, deadline and link, and no missing text', (lang) => {
    for (const facts of notices) {
      const mail = renderer.render(lang, facts);
      for (const part of [mail.subject, mail.text, mail.html]) {
        expect(part).not.toMatch(/\bmail\.[a-z.-]+/); // an untranslated key
        expect(part).toContain('WBS-2026-00042');
      }
      expect(mail.text).toContain(`https://wbs.kendarikota.go.id${facts.path}`);
      expect(mail.html).toContain(`href="https://wbs.kendarikota.go.id${facts.path}"`);
      if (facts.dueAt) expect(mail.text).toMatch(/4 (Juni|June) 2026/); // end of Thursday 4 June, WITA
    }
  });

  it('covers every notice a rule can send', () => {
    const kinds = new Set([...notices, ...roleNotices, ...alertNotices].map((n) => n.notice));
    const payloads: Record<string, Record<string, unknown>> = {
      'intake.report-submitted': { caseId: CASE, number: 'X' },
      'cases.case-assigned': { caseId: CASE, inspectorId: CASE },
      'cases.inspector-recused': { caseId: CASE, inspectorId: CASE },
      'intake.reporter-message-added': { caseId: CASE },
      'cases.identity-requested': { caseId: CASE, requesterId: CASE },
      'cases.identity-request-decided': { caseId: CASE, requesterId: CASE, approved: true },
      'sla.reminder-due': { caseId: CASE, caseNumber: 'X', kind: 'verification', dueAt: '2026-06-04T15:59:59.999Z' },
      'sla.deadline-breached': { caseId: CASE, caseNumber: 'X', kind: 'verification', dueAt: '2026-06-04T15:59:59.999Z', escalation: 1 },
      'retention.expiry-approaching': { caseId: CASE, caseNumber: 'X', retainUntil: '2031-01-05T02:00:00.000Z' },
      'staff.role-grant-proposed': { grantId: CASE, staffId: CASE, actorId: CASE, role: 'admin' },
      'staff.role-grant-confirmed': { grantId: CASE, staffId: CASE, actorId: CASE, proposedBy: CASE, role: 'admin', roles: ['admin'], previousRoles: [] },
      'staff.role-grant-rejected': { grantId: CASE, staffId: CASE, actorId: CASE, proposedBy: CASE, role: 'admin' },
      'staff.member-updated': { staffId: CASE, actorId: CASE, changed: ['roles'], roles: ['inspector'], previousRoles: [], opdCode: null, previousOpdCode: null },
      'staff.member-created': { staffId: CASE, actorId: CASE, roles: ['inspector'], opdCode: null },
      'staff.member-created-by-operator': { staffId: CASE, roles: ['custodian'], opdCode: null },
      'alerts.alert-raised': { alert: 'disk-nearly-full', at: '2026-11-02T02:37:00.000Z', windowStart: '2026-11-02T00:00:00.000Z', windowMinutes: 1440, figure: 93, threshold: 90 },
    };
    for (const rule of NOTICE_RULES) expect(kinds).toContain(rule.facts(payloads[rule.event.type] as never).notice);
  });

  it('writes the plain-text part without HTML escapes and the HTML part with them', () => {
    const mail = renderer.render('en', notices[0]);
    expect(mail.text).toContain("inspectorate's WBS");
    expect(mail.html).toContain('inspectorate&#x27;s WBS');
  });

  it('renders a digest with one line per notice', () => {
    const digest = renderer.renderDigest('id', notices.slice(0, 3));
    expect(digest.subject).toBe('Ringkasan harian WBS: 3 pemberitahuan');
    expect(digest.text.match(/WBS-2026-00042/g)).toHaveLength(3);
    expect(digest.html.match(/<li>/g)).toHaveLength(3);
  });
});
