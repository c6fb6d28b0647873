import type { InboxItem, InboxPage } from './cases.service';
import { inboxJson } from './inbox-json';

describe('inboxJson', () => {
  it('writes exactly the JSON the page with its Dates would give', () => {
    const item = (n: number, due: boolean): InboxItem => ({
      id: `00000000-0000-4000-8000-00000000000${n}`,
      number: `WBS-2026-0000${n}`,
      title: n === 2 ? null : `Laporan ${n} <b>"kutip"</b>`,
      categoryCode: 'corruption',
      opdCode: n === 1 ? null : 'DLH',
      status: 'verifying',
      channel: 'web',
      anonymous: n !== 3,
      submittedAt: new Date(Date.UTC(2026, 11, n, 1, 2, 3, 4)),
      receivedOn: n === 3 ? '2026-12-01' : null,
      lastReporterMessageAt: n === 1 ? new Date(Date.UTC(2026, 11, 5)) : null,
      unread: n === 1,
      nextDueAt: due ? new Date(Date.UTC(2026, 11, 20, 15, 59, 59, 999)) : null,
      overdue: false,
      deadline: due ? { kind: 'verification', dueAt: new Date(Date.UTC(2026, 11, 20, 15, 59, 59, 999)), workingDaysLeft: -2, overdue: true } : null,
      assignees: n === 1 ? [{ id: 'a', name: 'Andi' }] : [],
      labels: [],
    });
    // As CasesService builds it: the next deadline is the deadline's own Date.
    const shared = item(4, true);
    shared.nextDueAt = new Date(Date.UTC(2026, 11, 21, 15, 59, 59, 999));
    shared.deadline = { kind: 'investigation', dueAt: shared.nextDueAt, workingDaysLeft: 10, overdue: false };
    const page: InboxPage = { items: [item(1, true), item(2, false), item(3, true), shared], nextCursor: 'abc' };
    expect(JSON.stringify(inboxJson(page))).toBe(JSON.stringify(page));
    expect(JSON.stringify(inboxJson({ items: [], nextCursor: null }))).toBe('{"items":[],"nextCursor":null}');
  });
});
