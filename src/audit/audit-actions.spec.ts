import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasKey, t } from '../platform/i18n/i18n';
import { AUDIT_ACTIONS } from './audit-actions';
import { actionChoices, entryInWords, idsIn } from './audit-entry-words';
import { AuditEventsSubscriber } from './audit-events.subscriber';
import type { AuditRow } from './audit-query.service';
import type { AuditService } from './audit.service';

/** The actions written literally in `audit.record…({ action: '…' })` calls across src. */
function recordedLiterally(): string[] {
  const found = new Set<string>();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) walk(file);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts')) {
        for (const m of fs.readFileSync(file, 'utf8').matchAll(/\baction: '([a-z-]+\.[a-z.-]+)'/g)) found.add(m[1]);
      }
    }
  };
  walk(path.join(__dirname, '..'));
  return [...found];
}

const row = (over: Partial<AuditRow>): AuditRow => ({
  id: '1',
  seq: 1,
  at: new Date('2026-03-02T01:00:00Z'),
  actorType: 'staff',
  actorId: null,
  actorEmail: null,
  action: 'case.viewed',
  caseId: null,
  caseNumber: null,
  detail: {},
  hash: null,
  ...over,
});
const BUDI = '11111111-1111-4111-8111-111111111111';
const CASE = '22222222-2222-4222-8222-222222222222';
const TZ = 'Asia/Makassar';

describe('audit actions', () => {
  it('lists every action the code records, literally or through the audit subscriber', () => {
    const subscribed = new AuditEventsSubscriber({} as AuditService).events;
    const literal = recordedLiterally();
    expect(literal).toEqual(expect.arrayContaining(['case.viewed', 'staff.signed-in', 'reporter.signed-in'])); // the scan works
    expect([...literal, ...subscribed].filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a))).toEqual([]);
  });

  it('has a phrase naming the actor for every action, in Indonesian and English', () => {
    expect(AUDIT_ACTIONS.filter((a) => !hasKey(`audit.do.${a}`))).toEqual([]);
    for (const lang of ['id', 'en'] as const) expect(AUDIT_ACTIONS.filter((a) => !t(lang, `audit.do.${a}`).includes('{actor}'))).toEqual([]);
  });
});

describe('entryInWords', () => {
  const names = new Map([
    [BUDI, 'Budi'],
    [CASE, 'WBS-2026-00007'],
  ]);

  it('says who did what to which case, with the staff name and the case number', () => {
    const r = row({ actorId: BUDI, actorEmail: 'budi@kendarikota.go.id', caseId: CASE, caseNumber: 'WBS-2026-00002' });
    expect(entryInWords('id', r, names, TZ).sentence).toBe('Budi membuka kasus WBS-2026-00002');
    expect(entryInWords('en', r, names, TZ).sentence).toBe('Budi opened case WBS-2026-00002');
  });

  it('names the reporter and the system without anything about them', () => {
    expect(entryInWords('id', row({ actorType: 'reporter', action: 'reporter.case-viewed', caseNumber: 'WBS-2026-00002' }), names, TZ).sentence).toBe('Pelapor melihat kasus WBS-2026-00002');
    expect(entryInWords('en', row({ actorType: 'system', action: 'case.purged', caseNumber: 'WBS-2026-00002' }), names, TZ).sentence).toBe(
      'The system purged case WBS-2026-00002 at the end of its retention',
    );
    expect(entryInWords('en', row({ actorType: 'system', action: 'staff.sign-in-failed' }), names, TZ).sentence).toBe('A sign-in to a staff account failed');
  });

  it('shows the detail as labelled values, with names for the ids it knows', () => {
    const r = row({ action: 'cases.case-assigned', actorId: BUDI, detail: { inspectorId: BUDI, conflictOverridden: false, caseIds: [CASE], filters: { case: 'WBS-2026-00001' } } });
    expect(entryInWords('id', r, names, TZ).details).toEqual([
      { label: 'Pemeriksa', value: 'Budi' },
      { label: 'Benturan kepentingan dikesampingkan', value: 'tidak' },
      { label: 'Kasus', value: 'WBS-2026-00007' },
      { label: 'Saringan', value: 'Kasus: WBS-2026-00001' },
    ]);
    expect(idsIn([r]).sort()).toEqual([BUDI, CASE].sort());
    const status = row({ action: 'cases.status-changed', detail: { from: 'received', to: 'closed', outcome: 'rejected', at: '2026-03-02T01:00:00.000Z' } });
    expect(entryInWords('en', status, names, TZ).details.map((d) => `${d.label}: ${d.value}`)).toEqual([
      'From: Received',
      'To: Closed',
      'Outcome: Cannot be pursued (not a WBS matter or too little information)',
      'Time: 2 Mar 2026, 09:00',
    ]);
  });

  it('falls back to the raw action for an action it does not know', () => {
    expect(entryInWords('en', row({ actorType: 'system', action: 'test.written' }), names, TZ).sentence).toBe('The system: test.written');
  });
});

describe('actionChoices', () => {
  it('offers every known action by name, and keeps an area typed into the URL selected', () => {
    const choices = actionChoices('en', 'case');
    expect(choices[0]).toEqual({ value: 'case', label: 'case', selected: true });
    expect(choices).toContainEqual({ value: 'case.viewed', label: 'Opened case …', selected: false });
    expect(choices).toHaveLength(AUDIT_ACTIONS.length + 1);
    expect(actionChoices('id', 'case.viewed').filter((c) => c.selected)).toEqual([{ value: 'case.viewed', label: 'Membuka kasus …', selected: true }]);
  });
});
