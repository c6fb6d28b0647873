import type { EntityManager } from 'typeorm';
import { FixedClock } from '../clock/clock';
import { DomainEvent } from './domain-event';
import { EventPublisher } from './event-publisher';
import { InvalidEventClass, PublishedOutsideTransaction, UnsafeEventPayload } from './events.errors';
import type { OutboxRepository } from './outbox.repository';

class ReportSubmitted extends DomainEvent<{ caseId: string; categoryCode: string }> {
  static readonly type = 'intake.report-submitted';
}
class Untyped extends DomainEvent<{ caseId: string }> {}

const at = new Date('2026-03-02T01:00:00Z');

function setup() {
  const insertEvent = jest.fn().mockResolvedValue(undefined);
  const publisher = new EventPublisher({ insertEvent } as unknown as OutboxRepository, new FixedClock(at));
  const inTransaction = { queryRunner: { isTransactionActive: true } } as unknown as EntityManager;
  return { publisher, insertEvent, inTransaction };
}

describe(EventPublisher.name, () => {
  it('writes the event to the outbox through the caller’s transaction, stamped by the clock', async () => {
    const { publisher, insertEvent, inTransaction } = setup();
    const id = await publisher.publish(inTransaction, new ReportSubmitted({ caseId: 'c1', categoryCode: 'pungli' }));
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(insertEvent).toHaveBeenCalledWith(inTransaction, {
      id,
      type: 'intake.report-submitted',
      payload: { caseId: 'c1', categoryCode: 'pungli' },
      occurredAt: at,
    });
  });

  it('refuses a manager with no transaction', async () => {
    const { publisher, insertEvent } = setup();
    const event = new ReportSubmitted({ caseId: 'c1', categoryCode: 'pungli' });
    await expect(publisher.publish({} as EntityManager, event)).rejects.toThrow(PublishedOutsideTransaction);
    await expect(publisher.publish({ queryRunner: { isTransactionActive: false } } as unknown as EntityManager, event)).rejects.toThrow(PublishedOutsideTransaction);
    expect(insertEvent).not.toHaveBeenCalled();
  });

  it('refuses an event class without a static type', async () => {
    const { publisher, insertEvent, inTransaction } = setup();
    await expect(publisher.publish(inTransaction, new Untyped({ caseId: 'c1' }))).rejects.toThrow(InvalidEventClass);
    expect(insertEvent).not.toHaveBeenCalled();
  });

  it('refuses a payload with content-like keys', async () => {
    const { publisher, insertEvent, inTransaction } = setup();
    const leaky = new ReportSubmitted({ caseId: 'c1', categoryCode: 'pungli', narrative: 'secret' } as never);
    await expect(publisher.publish(inTransaction, leaky)).rejects.toThrow(UnsafeEventPayload);
    expect(insertEvent).not.toHaveBeenCalled();
  });
});
