import { isoInstant } from '../platform/clock/iso-instant';
import type { InboxPage } from './cases.service';

/**
 * The inbox page as the API writes it, its instants already in ISO form. The output is the same
 * JSON; but JSON.stringify takes a slow path through every Date's toJSON, and the page's ~75
 * dates were a third of serialising it (bench/inbox: 122 µs a page with Dates, 81 µs with this
 * mapping included).
 */
export function inboxJson(page: InboxPage) {
  // Every field by name, in InboxItem's order: nothing unlisted goes out. The next deadline is
  // written once, where it is the same instant as the deadline's (always, from CasesService).
  return {
    items: page.items.map((i) => {
      const nextDueAt = i.nextDueAt && isoInstant(i.nextDueAt);
      return {
        id: i.id,
        number: i.number,
        title: i.title,
        categoryCode: i.categoryCode,
        opdCode: i.opdCode,
        status: i.status,
        channel: i.channel,
        anonymous: i.anonymous,
        submittedAt: isoInstant(i.submittedAt),
        receivedOn: i.receivedOn,
        lastReporterMessageAt: i.lastReporterMessageAt && isoInstant(i.lastReporterMessageAt),
        unread: i.unread,
        nextDueAt,
        overdue: i.overdue,
        deadline: i.deadline && {
          kind: i.deadline.kind,
          dueAt: i.deadline.dueAt === i.nextDueAt ? nextDueAt : isoInstant(i.deadline.dueAt),
          workingDaysLeft: i.deadline.workingDaysLeft,
          overdue: i.deadline.overdue,
        },
        assignees: i.assignees,
        labels: i.labels,
      };
    }),
    nextCursor: page.nextCursor,
  };
}
