import { Injectable, Provider, Type } from '@nestjs/common';
import type { AppPart } from '../config/app-config';
import { registerWhenPartRuns } from '../config/part-registration';
import { EVENT_TYPE_PATTERN } from './domain-event';
import type { EventSubscriber } from './event-subscriber';
import { InvalidSubscription } from './events.errors';

/** `<module>.<what-it-does>`, like event types but digits allowed; the database checks it too. */
export const SUBSCRIBER_NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*\.[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * The subscribers of this process. A module registers its subscribers explicitly, in its
 * `onModuleInit`, or by listing `eventSubscribers('web', MailNewReport)` among its providers:
 *
 *   constructor(private readonly subscribers: SubscriberRegistry, private readonly mail: MailNewReport) {}
 *   onModuleInit() { this.subscribers.register(this.mail); }
 *
 * Explicit registration was chosen over a decorator with discovery: it is visible where the
 * module is wired, needs no reflection, and a typo fails at boot with a clear message.
 *
 * The registry closes when the dispatcher starts (after every `onModuleInit`): events fanned
 * out before a late registration would silently miss that subscriber.
 */
@Injectable()
export class SubscriberRegistry {
  private readonly byName = new Map<string, EventSubscriber>();
  private readonly byType = new Map<string, EventSubscriber[]>();
  private closed = false;

  register(subscriber: EventSubscriber): void {
    const { name, events } = subscriber;
    if (this.closed) {
      throw new InvalidSubscription(`Subscriber ${name} registered after the event dispatcher started; register it in onModuleInit.`);
    }
    if (typeof name !== 'string' || !SUBSCRIBER_NAME_PATTERN.test(name)) {
      throw new InvalidSubscription(`Subscriber name "${String(name)}" must look like <module>.<what-it-does> (e.g. notifications.mail-new-report).`);
    }
    if (this.byName.has(name)) throw new InvalidSubscription(`Subscriber ${name} is registered twice.`);
    if (!Array.isArray(events) || events.length === 0) {
      throw new InvalidSubscription(`Subscriber ${name} lists no events.`);
    }
    for (const type of events) {
      if (typeof type !== 'string' || !EVENT_TYPE_PATTERN.test(type)) {
        throw new InvalidSubscription(`Subscriber ${name} lists "${String(type)}", which is not an event type (<module>.<past-tense>).`);
      }
    }
    if (typeof subscriber.handle !== 'function') throw new InvalidSubscription(`Subscriber ${name} has no handle() method.`);

    this.byName.set(name, subscriber);
    for (const type of new Set(events)) this.byType.set(type, [...(this.byType.get(type) ?? []), subscriber]);
  }

  /** Names of the subscribers of one event type. */
  subscribersOf(type: string): string[] {
    return (this.byType.get(type) ?? []).map((s) => s.name);
  }

  get(name: string): EventSubscriber | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** Called by the dispatcher when it starts. */
  close(): void {
    this.closed = true;
  }
}

/** A module's provider that registers its subscriber classes in the processes that run `part`. */
export function eventSubscribers(part: AppPart, ...subscribers: Type<EventSubscriber>[]): Provider {
  return registerWhenPartRuns<SubscriberRegistry, EventSubscriber>(part, SubscriberRegistry, subscribers, (registry, subscriber) => registry.register(subscriber));
}
