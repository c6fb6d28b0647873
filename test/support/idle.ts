import type { INestApplicationContext } from '@nestjs/common';
import { Clock, SystemClock } from '../../src/platform/clock/clock';
import { SubscriberRegistry } from '../../src/platform/events/subscriber-registry';
import type { TestDatabase } from './database';

/** What untilIdle watches: a database, and the app (or apps) working on it. */
export interface IdleTarget {
  db: TestDatabase;
  /** Its clock says which retries are due; its subscribers which deliveries a relayed event still owes. */
  app?: INestApplicationContext;
}

export interface IdleOptions {
  timeoutMs?: number;
  /** "Due" means due at this time; default: the first app's clock, else the real time. */
  now?: Date;
}

interface Pending {
  outbox: number;
  owed: number;
  deliveries: number;
  mail: number;
  audit: number;
}

/**
 * Waits until nothing is left to do on the database: every event fanned out (or relayed) and
 * delivered to each subscriber, no delivery due, no mail due or being sent, no audit entry
 * left to chain. Then a test asserts on what happened, and that nothing more will: this is
 * how a test proves that something did NOT happen (a second mail, a doubled entry), never by
 * sleeping. Retries not yet due at the app's clock (back-off, a fixed test clock) and parked
 * or held work are not pending: nothing will touch them without a clock change or a person.
 * With the real clock, though, a delivery that failed and will be tried again before the
 * timeout IS pending: the app will run it by itself, so returning before would let a test
 * assert in the middle of the work (a subscriber's transient failure, retried a second later).
 *
 * It asks the database, not the workers: every step moves its work to the next table in the
 * same transaction (event → deliveries → mail and audit rows), so one snapshot that shows none
 * pending means none is in flight either. Fails with what is still pending after `timeoutMs`.
 */
export async function untilIdle(target: IdleTarget | IdleTarget[], opts: IdleOptions = {}): Promise<void> {
  const targets = Array.isArray(target) ? target : [target];
  const { db } = targets[0];
  const apps = targets.map((t) => t.app).filter((a): a is INestApplicationContext => a !== undefined);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  // Which subscriber each event type owes a delivery to, over every app given.
  const pairs = new Map<string, [string, string]>();
  for (const app of apps) {
    const registry = app.get(SubscriberRegistry, { strict: false });
    for (const name of registry.names()) for (const type of registry.get(name)!.events) pairs.set(`${type} ${name}`, [type, name]);
  }
  const types = [...pairs.values()].map(([type]) => type);
  const subscribers = [...pairs.values()].map(([, name]) => name);

  const deadline = Date.now() + timeoutMs;
  const clock = apps[0]?.get(Clock, { strict: false });
  const live = opts.now === undefined && clock instanceof SystemClock;
  let wait = 5;
  for (;;) {
    const now = opts.now ?? clock?.now() ?? new Date();
    // Deliveries the app will attempt by itself before we give up: due now, or (real clock) retried before the deadline.
    const deliveriesBy = live ? new Date(deadline) : now;
    // One statement, so one snapshot of every table.
    const [p] = await db.query<Pending>(
      `SELECT (SELECT count(*) FROM outbox WHERE fanned_out_at IS NULL)::int AS outbox,
              (SELECT count(*) FROM outbox o JOIN unnest($2::text[], $3::text[]) AS s (type, subscriber) ON s.type = o.type
                WHERE o.fanned_out_at IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM event_deliveries d WHERE d.event_id = o.event_id AND d.subscriber = s.subscriber))::int AS owed,
              (SELECT count(*) FROM event_deliveries WHERE status = 'pending' AND next_attempt_at <= $4)::int AS deliveries,
              (SELECT count(*) FROM mail_queue WHERE status = 'sending' OR (status = 'pending' AND next_attempt_at <= $1))::int AS mail,
              (SELECT count(*) FROM audit_log WHERE seq IS NULL)::int AS audit`,
      [now, types, subscribers, deliveriesBy],
    );
    if (p.outbox + p.owed + p.deliveries + p.mail + p.audit === 0) return;
    if (Date.now() > deadline) throw new Error(`Still pending after ${timeoutMs} ms (due as of ${now.toISOString()}): ${await describePending(db, p, now, deliveriesBy)}`);
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 2, 100);
  }
}

async function describePending(db: TestDatabase, p: Pending, now: Date, deliveriesBy: Date): Promise<string> {
  const what: string[] = [];
  if (p.outbox) {
    const rows = await db.query<{ type: string; n: number }>(`SELECT type, count(*)::int AS n FROM outbox WHERE fanned_out_at IS NULL GROUP BY type ORDER BY type`);
    what.push(`${p.outbox} events not fanned out (${rows.map((r) => `${r.type} ×${r.n}`).join(', ')})`);
  }
  if (p.owed) what.push(`${p.owed} deliveries of relayed events not yet received by a subscriber`);
  if (p.deliveries) {
    const rows = await db.query<{ subscriber: string; n: number; last_error: string | null }>(
      `SELECT subscriber, count(*)::int AS n, max(last_error) AS last_error FROM event_deliveries WHERE status = 'pending' AND next_attempt_at <= $1
        GROUP BY subscriber ORDER BY subscriber`,
      [deliveriesBy],
    );
    what.push(`${p.deliveries} deliveries due (${rows.map((r) => `${r.subscriber} ×${r.n}${r.last_error ? ` after "${r.last_error}"` : ''}`).join(', ')})`);
  }
  if (p.mail) {
    const rows = await db.query<{ notice: string; status: string; n: number }>(
      `SELECT notice, status, count(*)::int AS n FROM mail_queue WHERE status = 'sending' OR (status = 'pending' AND next_attempt_at <= $1)
        GROUP BY notice, status ORDER BY notice, status`,
      [now],
    );
    what.push(`${p.mail} mails due or being sent (${rows.map((r) => `${r.notice} ${r.status} ×${r.n}`).join(', ')})`);
  }
  if (p.audit) what.push(`${p.audit} audit entries not chained`);
  return what.join('; ');
}
