import type { InboxPage } from './cases.service';

/**
 * The inbox page as the API writes it, its instants already in ISO form. The output is the same
 * JSON; but JSON.stringify takes a slow path through every Date's toJSON, and the page's ~75
 * dates were a third of serialising it (bench/inbox: 122 µs a page with Dates, 81 µs with this
 * mapping included).
 */
export function inboxJson(page: InboxPage) {
  return {
    items: page.items.map((i) => ({
      ...i,
      submittedAt: i.submittedAt.toISOString(),
      lastReporterMessageAt: i.lastReporterMessageAt?.toISOString() ?? null,
      nextDueAt: i.nextDueAt?.toISOString() ?? null,
      deadline: i.deadline && { ...i.deadline, dueAt: i.deadline.dueAt.toISOString() },
    })),
    nextCursor: page.nextCursor,
  };
}
