import { DynamicModule, Global, Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, FixedClock, SystemClock } from '../src/platform/clock/clock';
import { DatabaseModule } from '../src/platform/database/database.module';
import {
  DomainEvent,
  EventDispatcher,
  EventPublisher,
  EventsHealth,
  EventsModule,
  EventSubscriber,
  ParkedDeliveries,
  PublishedOutsideTransaction,
  StoredEvent,
  SubscriberRegistry,
} from '../src/platform/events';
import type { EventsOptionsInput } from '../src/platform/events';
import { OutboxNotifyAfterCommit1764300008000 } from '../src/platform/events/migrations/1764300008000-outbox-notify-after-commit';
import { Outbox1764300001000 } from '../src/platform/events/migrations/1764300001000-outbox';
import { NotFound } from '../src/platform/http/domain-error';
import { createTestDatabase, TestDatabase } from './support/database';
import { untilIdle } from './support/idle';

class ThingHappened extends DomainEvent<{ thingId: string }> {
  static readonly type = 'test.thing-happened';
}

/** A subscriber whose effect is a row in `effects`, written through the delivery's transaction. */
class RecordingSubscriber implements EventSubscriber {
  readonly events = [ThingHappened.type];
  calls = 0;
  /** Thrown (after writing the effect, which must then be rolled back) while it returns an error. */
  failWith: (call: number) => Error | null = () => null;

  constructor(
    readonly name: string,
    private readonly instance = 'a',
  ) {}

  async handle(event: StoredEvent, manager: EntityManager): Promise<void> {
    // Numbered on entry: the dispatcher runs several deliveries at once, so reading `calls`
    // after the await could see a later call's increment (two handlers both seeing call 2).
    const call = ++this.calls;
    await manager.query(`INSERT INTO effects (event_id, subscriber, instance) VALUES ($1, $2, $3)`, [event.id, this.name, this.instance]);
    const err = this.failWith(call);
    if (err) throw err;
  }
}

class FlakyFailure extends Error {
  name = 'FlakyFailure';
}

const SUBSCRIBERS = Symbol('SUBSCRIBERS');
/** A poll that never comes within a test: what is delivered was woken otherwise. */
const HOUR = 3_600_000;

/** How a feature module registers its subscribers: explicitly, in onModuleInit. */
@Module({})
class TestSubscribersModule implements OnModuleInit {
  constructor(
    private readonly registry: SubscriberRegistry,
    @Inject(SUBSCRIBERS) private readonly subscribers: EventSubscriber[],
  ) {}

  onModuleInit(): void {
    for (const s of this.subscribers) this.registry.register(s);
  }

  static with(subscribers: EventSubscriber[]): DynamicModule {
    return { module: TestSubscribersModule, providers: [{ provide: SUBSCRIBERS, useValue: subscribers }] };
  }
}

/** The app provides Clock globally; so does this stand-in. */
@Global()
@Module({})
class TestClockModule {
  static with(clock: Clock): DynamicModule {
    return { module: TestClockModule, global: true, providers: [{ provide: Clock, useValue: clock }], exports: [Clock] };
  }
}

interface AppSetup {
  subscribers?: EventSubscriber[];
  clock?: Clock;
  options?: EventsOptionsInput;
}

describe('events: outbox, dispatcher, subscribers', () => {
  let db: TestDatabase;
  const apps: TestingModule[] = [];

  async function startApp(setup: AppSetup = {}): Promise<TestingModule> {
    const app = await Test.createTestingModule({
      imports: [
        DatabaseModule.forRoot(db.url),
        TestClockModule.with(setup.clock ?? new SystemClock()),
        EventsModule.forRoot({
          pollIntervalMs: 100,
          listenReconnectMinMs: 50,
          ...setup.options,
          retry: { baseDelayMs: 20, maxDelayMs: 200, ...setup.options?.retry },
        }),
        TestSubscribersModule.with(setup.subscribers ?? []),
      ],
    }).compile();
    app.useLogger(['error']);
    apps.push(app);
    await app.init();
    return app;
  }

  async function publish(app: TestingModule, ...thingIds: string[]): Promise<string[]> {
    const publisher = app.get(EventPublisher);
    return app.get(DataSource).transaction(async (manager) => {
      const ids: string[] = [];
      for (const thingId of thingIds) ids.push(await publisher.publish(manager, new ThingHappened({ thingId })));
      return ids;
    });
  }

  async function effects(subscriber?: string): Promise<Array<{ event_id: string; subscriber: string; instance: string }>> {
    return subscriber === undefined
      ? db.query(`SELECT event_id, subscriber, instance FROM effects`)
      : db.query(`SELECT event_id, subscriber, instance FROM effects WHERE subscriber = $1`, [subscriber]);
  }

  async function delivery(eventId: string, subscriber: string) {
    const [row] = await db.query<{ status: string; attempts: number; last_error: string | null; done_at: Date | null }>(
      `SELECT status, attempts, last_error, done_at FROM event_deliveries WHERE event_id = $1 AND subscriber = $2`,
      [eventId, subscriber],
    );
    return row;
  }

  async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query(`CREATE TABLE effects (event_id uuid NOT NULL, subscriber text NOT NULL, instance text NOT NULL)`);
  });

  beforeEach(async () => {
    await db.query(`TRUNCATE outbox, event_deliveries, effects`);
  });

  afterEach(async () => {
    // Closing runs the dispatcher's shutdown hook: no drain, listener or pool outlives a test.
    while (apps.length) await apps.pop()!.close();
  });

  afterAll(() => db.drop());

  it('never delivers an event whose transaction rolled back, and refuses to publish outside a transaction', async () => {
    const sub = new RecordingSubscriber('test.record');
    const app = await startApp({ subscribers: [sub] });
    const dataSource = app.get(DataSource);
    const publisher = app.get(EventPublisher);

    let rolledBackId = '';
    await expect(
      dataSource.transaction(async (manager) => {
        rolledBackId = await publisher.publish(manager, new ThingHappened({ thingId: 'rolled-back' }));
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    await expect(publisher.publish(dataSource.manager, new ThingHappened({ thingId: 'loose' }))).rejects.toThrow(PublishedOutsideTransaction);
    const [committedId] = await publish(app, 'committed');

    await waitFor('the committed event', async () => (await effects()).length === 1);
    await app.get(EventDispatcher).drainNow();
    expect(await effects()).toEqual([{ event_id: committedId, subscriber: 'test.record', instance: 'a' }]);
    expect(rolledBackId).not.toBe('');
    expect(await db.query(`SELECT 1 FROM outbox WHERE event_id = $1`, [rolledBackId])).toHaveLength(0);
    expect(await db.query(`SELECT event_id FROM outbox`)).toEqual([{ event_id: committedId }]);
  });

  it('delivers an event committed while no dispatcher ran once one starts', async () => {
    const publisherApp = await startApp({ options: { autoStart: false } });
    const [eventId] = await publish(publisherApp, 'while-down');
    // No dispatcher runs anywhere, so nothing can deliver it yet.
    expect(publisherApp.get(EventDispatcher).running).toBe(false);
    expect(await effects()).toHaveLength(0);
    expect(await publisherApp.get(EventsHealth).snapshot()).toMatchObject({ backlog: 1, parked: 0 });
    await publisherApp.close();
    apps.splice(apps.indexOf(publisherApp), 1);

    // The restarted instance polls rarely: only its start-up drain can deliver it.
    const sub = new RecordingSubscriber('test.record');
    const app = await startApp({ subscribers: [sub], options: { pollIntervalMs: HOUR } });
    await waitFor('the delivery after start', async () => (await effects()).length === 1, 5_000);
    expect((await effects())[0].event_id).toBe(eventId);
    expect(await delivery(eventId, 'test.record')).toMatchObject({ status: 'done', attempts: 1 });
    expect(await app.get(EventsHealth).snapshot()).toEqual({ backlog: 0, oldestPendingSeconds: null, parked: 0 });
  });

  it('retries a failing subscriber with backoff until its effect is made, exactly once, without holding up another', async () => {
    const flaky = new RecordingSubscriber('test.flaky');
    flaky.failWith = (call) => (call <= 2 ? new FlakyFailure(`try ${call} failed`) : null);
    const steady = new RecordingSubscriber('test.steady');
    const app = await startApp({ subscribers: [flaky, steady] });

    const [eventId] = await publish(app, 'flaky');
    await waitFor('the flaky delivery', async () => (await delivery(eventId, 'test.flaky'))?.status === 'done');

    expect(flaky.calls).toBe(3);
    expect(await effects('test.flaky')).toHaveLength(1);
    expect(await delivery(eventId, 'test.flaky')).toMatchObject({
      status: 'done',
      attempts: 3,
      last_error: 'FlakyFailure: try 2 failed',
    });
    expect(steady.calls).toBe(1);
    expect(await effects('test.steady')).toHaveLength(1);
    expect(await delivery(eventId, 'test.steady')).toMatchObject({ status: 'done', attempts: 1, last_error: null });
  });

  it('waits for the backoff, measured on the injected clock, and counts a retry in the backlog', async () => {
    const clock = new FixedClock(new Date('2026-03-02T01:00:00Z'));
    const sub = new RecordingSubscriber('test.record');
    sub.failWith = (call) => (call === 1 ? new FlakyFailure('first try failed') : null);
    const app = await startApp({
      subscribers: [sub],
      clock,
      options: { autoStart: false, retry: { baseDelayMs: 5_000, maxDelayMs: 60_000 } },
    });
    const dispatcher = app.get(EventDispatcher);
    const health = app.get(EventsHealth);

    await publish(app, 'one', 'two');
    clock.advance(90_000);
    expect(await health.snapshot()).toEqual({ backlog: 2, oldestPendingSeconds: 90, parked: 0 });

    await dispatcher.drainNow();
    expect(sub.calls).toBe(2);
    const failed = await db.query<{ event_id: string }>(`SELECT event_id FROM event_deliveries WHERE status = 'pending'`);
    expect(failed).toHaveLength(1);
    expect(await health.snapshot()).toEqual({ backlog: 1, oldestPendingSeconds: 90, parked: 0 });

    clock.advance(4_999);
    await dispatcher.drainNow();
    expect(sub.calls).toBe(2);

    clock.advance(1);
    await dispatcher.drainNow();
    expect(sub.calls).toBe(3);
    expect(await delivery(failed[0].event_id, 'test.record')).toMatchObject({ status: 'done', attempts: 2 });
    expect(await db.query(`SELECT 1 FROM event_deliveries WHERE status = 'done'`)).toHaveLength(2);
    expect(await effects()).toHaveLength(2);
    expect(await health.snapshot()).toEqual({ backlog: 0, oldestPendingSeconds: null, parked: 0 });
  });

  it('shares the work of two instances so that each subscriber gets each of 200 events exactly once', async () => {
    const instance = (tag: string) => [new RecordingSubscriber('test.first', tag), new RecordingSubscriber('test.second', tag)];
    const [a1, a2] = instance('a');
    const [b1, b2] = instance('b');
    // Each instance's first delivery waits until the other instance has begun one too: both
    // take part whatever the machine's scheduling (the one waiting holds at most one batch of
    // its claims, so the other always finds due work).
    const began: Record<string, () => void> = {};
    const beginning = { a: new Promise<void>((r) => (began.a = r)), b: new Promise<void>((r) => (began.b = r)) };
    for (const [s, tag, other] of [
      [a1, 'a', 'b'],
      [a2, 'a', 'b'],
      [b1, 'b', 'a'],
      [b2, 'b', 'a'],
    ] as const) {
      const handle = s.handle.bind(s);
      s.handle = async (event, manager) => {
        began[tag]();
        await beginning[other];
        await manager.query(`SELECT pg_sleep(0.002)`);
        await handle(event, manager);
      };
    }
    const appA = await startApp({ subscribers: [a1, a2] });
    const appB = await startApp({ subscribers: [b1, b2] });

    for (let batch = 0; batch < 20; batch++) {
      await publish(batch % 2 ? appA : appB, ...Array.from({ length: 10 }, (_, i) => `thing-${batch}-${i}`));
    }
    await waitFor('400 effects', async () => (await effects()).length >= 400, 30_000);
    await Promise.all([appA.get(EventDispatcher).drainNow(), appB.get(EventDispatcher).drainNow()]);

    const [counts] = await db.query<{ total: number; distinct_pairs: number; events: number; by_a: number; by_b: number }>(`
      SELECT count(*)::int AS total, count(DISTINCT (event_id, subscriber))::int AS distinct_pairs,
             count(DISTINCT event_id)::int AS events,
             count(*) FILTER (WHERE instance = 'a')::int AS by_a, count(*) FILTER (WHERE instance = 'b')::int AS by_b
        FROM effects`);
    expect(counts).toMatchObject({ total: 400, distinct_pairs: 400, events: 200 });
    expect(counts.by_a).toBeGreaterThan(0);
    expect(counts.by_b).toBeGreaterThan(0);
    expect(a1.calls + b1.calls).toBe(200);
    expect(a2.calls + b2.calls).toBe(200);
    expect(await db.query(`SELECT 1 FROM event_deliveries WHERE status <> 'done'`)).toHaveLength(0);
    expect(await db.query(`SELECT 1 FROM event_deliveries`)).toHaveLength(400);
    expect(await db.query(`SELECT 1 FROM outbox WHERE fanned_out_at IS NULL`)).toHaveLength(0);
  });

  it('parks a delivery after its last try, shows it on health and the admin list, and delivers it when requeued', async () => {
    const sub = new RecordingSubscriber('test.broken');
    let broken = true;
    sub.failWith = () => (broken ? new FlakyFailure('cannot handle yet') : null);
    const app = await startApp({ subscribers: [sub], options: { retry: { maxAttempts: 3 } } });
    const health = app.get(EventsHealth);
    const parked = app.get(ParkedDeliveries);

    const [eventId] = await publish(app, 'doomed');
    await waitFor('the parked delivery', async () => (await delivery(eventId, 'test.broken'))?.status === 'parked');
    await untilIdle({ db, app });
    expect(sub.calls).toBe(3);
    expect(await effects()).toHaveLength(0);
    expect(await health.snapshot()).toEqual({ backlog: 0, oldestPendingSeconds: null, parked: 1 });
    expect(await parked.list()).toEqual([
      expect.objectContaining({
        eventId,
        subscriber: 'test.broken',
        type: 'test.thing-happened',
        attempts: 3,
        lastError: 'FlakyFailure: cannot handle yet',
        parkedAt: expect.any(Date),
        occurredAt: expect.any(Date),
      }),
    ]);

    broken = false;
    await parked.requeue(eventId, 'test.broken');
    await waitFor('the requeued delivery', async () => (await delivery(eventId, 'test.broken'))?.status === 'done');
    expect(await effects()).toHaveLength(1);
    expect(await health.snapshot()).toEqual({ backlog: 0, oldestPendingSeconds: null, parked: 0 });
    expect(await parked.list()).toEqual([]);
    await expect(parked.requeue(eventId, 'test.broken')).rejects.toThrow(NotFound);
  });

  it('is woken by NOTIFY even with an hour-long poll, also after its listener connection was killed', async () => {
    const sub = new RecordingSubscriber('test.record');
    const app = await startApp({ subscribers: [sub], options: { pollIntervalMs: HOUR } });
    const dispatcher = app.get(EventDispatcher);
    await waitFor('the listener', async () => dispatcher.listening);
    await dispatcher.drainNow();

    const listenerPid = async () =>
      (await db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = 'wbs-events-listener' AND datname = current_database()`)).map((r) => r.pid);

    await publish(app, 'notified');
    // The poll is an hour away: only the NOTIFY can deliver it before the wait gives up.
    await waitFor('the notified delivery', async () => (await effects()).length === 1, 15_000);

    const [oldPid] = await listenerPid();
    expect(oldPid).toBeDefined();
    await db.query(`SELECT pg_terminate_backend($1)`, [oldPid]);
    await waitFor('a new listener connection', async () => {
      const pids = await listenerPid();
      return pids.length === 1 && pids[0] !== oldPid && dispatcher.listening;
    });
    await dispatcher.drainNow();

    await publish(app, 'notified-again');
    await waitFor('the delivery after reconnecting', async () => (await effects()).length === 2, 15_000);
  });

  it('wakes another instance through one NOTIFY sent after the publishing commit', async () => {
    const sub = new RecordingSubscriber('test.record');
    const consumer = await startApp({ subscribers: [sub], options: { pollIntervalMs: HOUR } });
    const consumerDispatcher = consumer.get(EventDispatcher);
    await waitFor('the listener', async () => consumerDispatcher.listening);
    await consumerDispatcher.drainNow();
    // The publishing instance runs no dispatcher: only the NOTIFY can wake the consumer in time.
    const publisher = await startApp({ options: { autoStart: false } });
    await publish(publisher, 'from-elsewhere');
    await waitFor('the delivery woken by NOTIFY', async () => (await effects()).length === 1, 15_000);
  });

  it('stops after the delivery in flight has finished and starts no new one', async () => {
    const sub = new RecordingSubscriber('test.slow');
    let entered!: () => void;
    const inFlight = new Promise<void>((r) => (entered = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const handle = sub.handle.bind(sub);
    let stopped = false;
    let stoppedBeforeHandlerEnded: boolean | null = null;
    sub.handle = async (event, manager) => {
      entered();
      await gate;
      await handle(event, manager);
      stoppedBeforeHandlerEnded ??= stopped;
    };
    const app = await startApp({ subscribers: [sub], options: { concurrency: 1 } });
    await publish(app, 'slow-1', 'slow-2');
    await inFlight;

    const stopping = app
      .get(EventDispatcher)
      .stop()
      .then(() => (stopped = true));
    expect(app.get(EventDispatcher).running).toBe(false);
    release();
    await stopping;
    // stop() resolved only after the handler in flight had finished.
    expect(stoppedBeforeHandlerEnded).toBe(false);
    expect(sub.calls).toBe(1);
    expect(await effects()).toHaveLength(1);
    expect(await db.query(`SELECT 1 FROM event_deliveries WHERE status = 'done'`)).toHaveLength(1);
    expect(await db.query(`SELECT 1 FROM event_deliveries WHERE status = 'pending' AND attempts = 0`)).toHaveLength(1);
  });
});

describe('events: outbox migration', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('refuses malformed event types and subscriber names, and payloads that are not objects', async () => {
    const insert = (type: string, payload = '{}') => db.query(`INSERT INTO outbox (event_id, type, payload, occurred_at) VALUES (gen_random_uuid(), $1, $2, now())`, [type, payload]);
    await expect(insert('ReportSubmitted')).rejects.toThrow(/check constraint/);
    await expect(insert('intake.report_submitted')).rejects.toThrow(/check constraint/);
    await expect(insert('intake.report-submitted', '[]')).rejects.toThrow(/check constraint/);
    await insert('intake.report-submitted');
    await expect(db.query(`INSERT INTO event_deliveries (event_id, subscriber, next_attempt_at) SELECT event_id, 'Mail', now() FROM outbox`)).rejects.toThrow(/check constraint/);
    await expect(
      db.query(`INSERT INTO event_deliveries (event_id, subscriber, status, next_attempt_at)
                SELECT event_id, 'notifications.mail', 'done', now() FROM outbox`),
    ).rejects.toThrow(/check constraint/);
  });

  it('has a down that removes what up created', async () => {
    const dataSource = new DataSource({ type: 'postgres', url: db.url });
    await dataSource.initialize();
    const runner = dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      // Later migrations first, newest to oldest, as `migration:revert` would.
      await new OutboxNotifyAfterCommit1764300008000().down(runner);
      const [trigger] = await runner.query(`SELECT count(*)::int AS n FROM pg_trigger WHERE tgname = 'outbox_notify'`);
      expect(trigger.n).toBe(1);
      const migration = new Outbox1764300001000();
      await migration.down(runner);
      const [gone] = await runner.query(`SELECT to_regclass('outbox') AS o, to_regclass('event_deliveries') AS d,
        to_regprocedure('outbox_notify()') AS f`);
      expect(gone).toEqual({ o: null, d: null, f: null });
      await migration.up(runner);
      const [back] = await runner.query(`SELECT to_regclass('outbox') IS NOT NULL AS o, to_regclass('event_deliveries') IS NOT NULL AS d`);
      expect(back).toEqual({ o: true, d: true });
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
      await dataSource.destroy();
    }
  });
});

// Failures are expected in these tests; only errors are worth printing.
Logger.overrideLogger(['error']);
