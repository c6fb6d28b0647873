import type { EntityManager } from 'typeorm';
import type { StoredEvent } from './domain-event';

/**
 * Reacts to events, at least once, in its own transaction.
 *
 * - `name` is stable forever (`<module>.<what-it-does>`, e.g. `notifications.mail-new-report`):
 *   with the event id it is the delivery's key, so renaming a subscriber makes it see
 *   already-handled events as new ones.
 * - `handle` does all its writes through `manager`, which is inside the transaction that also
 *   marks the delivery done: the effect and the idempotency record commit together, so a
 *   handled event is never handled again, and a failed one leaves no trace but the retry.
 *   It may publish further events through the same manager.
 * - Throwing means "try again later" (with backoff; parked after the last try). Error messages
 *   are stored and logged: keep content out of them.
 * - No ordering is promised between events, and a handler may run again after a crash before
 *   commit: anything outside the database (mail, HTTP) belongs in a queue table written here.
 */
export interface EventSubscriber {
  readonly name: string;
  /** Event types (`SomeEvent.type`) this subscriber receives. */
  readonly events: readonly string[];
  handle(event: StoredEvent, manager: EntityManager): Promise<void>;
}
