/** What other modules use of the event bus; everything else in this folder is internal. */
export { DomainEvent, isEventOf, EVENT_TYPE_PATTERN } from './domain-event';
export type { EventClass, EventPayload, JsonValue, StoredEvent } from './domain-event';
export type { EventSubscriber } from './event-subscriber';
export { EventPublisher } from './event-publisher';
export { SubscriberRegistry, eventSubscribers } from './subscriber-registry';
export { EventDispatcher } from './event-dispatcher';
export { EventsHealth } from './events-health.service';
export type { EventsHealthSnapshot } from './events-health.service';
export { ParkedDeliveries } from './parked-deliveries.service';
export type { ParkedDelivery } from './parked-deliveries.service';
export { EventsModule } from './events.module';
export type { EventsOptions, EventsOptionsInput } from './events.options';
export { EventBusMisuse, InvalidEventClass, InvalidSubscription, PublishedOutsideTransaction, UnsafeEventPayload } from './events.errors';
