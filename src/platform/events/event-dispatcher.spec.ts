import type { DataSource } from 'typeorm';
import { FixedClock } from '../clock/clock';
import { EventDispatcher } from './event-dispatcher';
import { resolveEventsOptions } from './events.options';
import type { OutboxRepository } from './outbox.repository';
import { SubscriberRegistry } from './subscriber-registry';

/** Drain coalescing, with the database faked: only the fan-out step is observed. */
function setup() {
  let active = 0;
  let maxActive = 0;
  let fanOuts = 0;
  const outbox = {
    claimEventsToFanOut: async () => {
      fanOuts++;
      active++;
      maxActive = Math.max(maxActive, active);
      // Yields, so the calls made meanwhile find this fan-out in progress (all of them are made synchronously).
      await new Promise((r) => setImmediate(r));
      active--;
      return [];
    },
    insertDeliveries: async () => undefined,
    markFannedOut: async () => undefined,
    claimDueDeliveries: async () => [],
  } as unknown as OutboxRepository;
  const runner = {
    connect: async () => undefined,
    startTransaction: async () => undefined,
    commitTransaction: async () => undefined,
    rollbackTransaction: async () => undefined,
    release: async () => undefined,
    isTransactionActive: false,
    manager: {},
  };
  const dataSource = {
    transaction: async (work: (m: unknown) => Promise<unknown>) => work({}),
    createQueryRunner: () => runner,
  } as unknown as DataSource;
  const dispatcher = new EventDispatcher(dataSource, new SubscriberRegistry(), outbox, new FixedClock(new Date()), resolveEventsOptions({ autoStart: false }));
  return { dispatcher, stats: () => ({ fanOuts, maxActive }) };
}

describe(EventDispatcher.name, () => {
  it('never runs two drains at once, and drains once more for wake-ups that came during a drain', async () => {
    const { dispatcher, stats } = setup();
    await Promise.all([dispatcher.drainNow(), dispatcher.drainNow(), dispatcher.drainNow(), dispatcher.drainNow()]);
    expect(stats()).toEqual({ fanOuts: 2, maxActive: 1 });
  });

  it('starts a fresh drain for a call made after the previous drain ended', async () => {
    const { dispatcher, stats } = setup();
    await dispatcher.drainNow();
    await dispatcher.drainNow();
    expect(stats().fanOuts).toBe(2);
  });
});
