import type { InboxPage } from './cases.service';

/**
 * The inbox page as the API writes it, its instants already in ISO form. The output is the same
 * JSON; but JSON.stringify takes a slow path through every Date's toJSON, and the page's ~75
 * dates were a third of serialising it (bench/inbox: 122 µs a page with Dates, 81 µs with this
 * mapping included).
 */
export function inboxJson(page: InboxPage) {
  // Every field by name, in InboxItem's order: a literal is built several times faster than a
  // spread copy (3 % of the server's CPU per page, bench/inbox), and nothing unlisted goes out.
  return {
    items: page.items.map((i) => ({
      id: i.id,
      number: i.number,
      title: i.title,
      categoryCode: i.categoryCode,
      opdCode: i.opdCode,
      status: i.status,
      channel: i.channel,
      anonymous: i.anonymous,
      submittedAt: i.submittedAt.toISOString(),
      receivedOn: i.receivedOn,
      lastReporterMessageAt: i.lastReporterMessageAt?.toISOString() ?? null,
      unread: i.unread,
      nextDueAt: i.nextDueAt?.toISOString() ?? null,
      overdue: i.overdue,
      deadline: i.deadline && { kind: i.deadline.kind, dueAt: i.deadline.dueAt.toISOString(), workingDaysLeft: i.deadline.workingDaysLeft, overdue: i.deadline.overdue },
      assignees: i.assignees,
      labels: i.labels,
    })),
    nextCursor: page.nextCursor,
  };
}
