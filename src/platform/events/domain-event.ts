/**
 * Events say what happened in a module, in the past tense, so other modules can react in their
 * own transaction (DESIGN.md §3). An event class names its type once, statically:
 *
 *   export class ReportSubmitted extends DomainEvent<{ caseId: string; categoryCode: string }> {
 *     static readonly type = 'intake.report-submitted';
 *   }
 *
 * Payloads carry ids and clear metadata only, never case content or identities: they are stored
 * unencrypted in the outbox, kept after delivery, and (with NATS) leave the process.
 */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue | undefined };
export type EventPayload = { [key: string]: JsonValue | undefined };

/** `<module>.<past-tense>`, lower-case words joined by dashes; the outbox table checks it too. */
export const EVENT_TYPE_PATTERN = /^[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*$/;

export abstract class DomainEvent<P extends EventPayload = EventPayload> {
  constructor(readonly payload: P) {}
}

/** The constructor side of an event class: what carries the static `type`. */
export interface EventClass<P extends EventPayload = EventPayload> {
  readonly type: string;
  new (payload: P): DomainEvent<P>;
}

/** An event as a subscriber receives it: read back from the outbox. */
export interface StoredEvent<P extends EventPayload = EventPayload> {
  /** Unique per event; with the subscriber's name it identifies one delivery. */
  readonly id: string;
  readonly type: string;
  readonly payload: P;
  readonly occurredAt: Date;
}

/** Narrows a stored event to one event class, for subscribers that listen to several types. */
export function isEventOf<P extends EventPayload>(event: StoredEvent, eventClass: EventClass<P>): event is StoredEvent<P> {
  return event.type === eventClass.type;
}
