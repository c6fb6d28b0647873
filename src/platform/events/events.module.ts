import { DynamicModule, Global, Module } from '@nestjs/common';
import { EventDispatcher } from './event-dispatcher';
import { EventPublisher } from './event-publisher';
import { OutboxNotifier } from './outbox-notifier';
import { EVENTS_OPTIONS, EventsOptionsInput, resolveEventsOptions } from './events.options';
import { EventsHealth } from './events-health.service';
import { OutboxRepository } from './outbox.repository';
import { ParkedDeliveries } from './parked-deliveries.service';
import { SubscriberRegistry } from './subscriber-registry';
import { NatsClient } from './nats/nats-client';
import { NatsConsumers } from './nats/nats-consumers';
import { OutboxRelay } from './nats/outbox-relay';

/**
 * The event bus of DESIGN.md §3, global so every module can publish and subscribe.
 * Needs the TypeORM `DataSource` (DatabaseModule.forRoot) and a `Clock` from the app.
 *
 * Import `EventsModule` for the defaults, or `EventsModule.forRoot({...})` to tune the
 * dispatcher (the app: `transport: config.eventTransport`; tests: short waits).
 */
@Global()
@Module({
  providers: [OutboxRepository, EventPublisher, SubscriberRegistry, EventDispatcher, EventsHealth, ParkedDeliveries, OutboxNotifier, NatsClient, OutboxRelay, NatsConsumers],
  exports: [EventPublisher, SubscriberRegistry, EventDispatcher, EventsHealth, ParkedDeliveries],
})
export class EventsModule {
  static forRoot(options: EventsOptionsInput = {}): DynamicModule {
    return {
      module: EventsModule,
      providers: [{ provide: EVENTS_OPTIONS, useValue: resolveEventsOptions(options) }],
    };
  }
}
