/**
 * Programming errors of the event bus: they mean the calling code is wrong, not the input, so
 * they are plain Errors (a 500 if they ever reach a request), not DomainErrors.
 */
export class EventBusMisuse extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** `publish` was called with a manager that is not inside a transaction. */
export class PublishedOutsideTransaction extends EventBusMisuse {}

/** A payload is not plain JSON, or has a key that looks like case content. */
export class UnsafeEventPayload extends EventBusMisuse {}

/** An event class has no valid static `type`. */
export class InvalidEventClass extends EventBusMisuse {}

/** A subscriber is malformed, duplicated, or registered too late. */
export class InvalidSubscription extends EventBusMisuse {}
