import type { DataSource } from 'typeorm';
import type { AppConfig } from '../platform/config/app-config';
import { FixedClock } from '../platform/clock/clock';
import type { BackgroundPacer } from '../platform/jobs/background-pacer';
import { BackgroundWork } from '../platform/jobs/background-work';
import { MailDeliveryWorker } from './mail-delivery.worker';
import type { ClaimedMail, MailQueueRepository } from './mail-queue.repository';
import type { MailRenderer } from './mail-renderer';
import { MailSendFailed, MailTransport } from './mail-transport';

const NOW = new Date('2026-12-07T01:00:00Z');

function claimed(n: number): ClaimedMail[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    to: `staff${i}@kendarikota.go.id`,
    active: true,
    language: 'id',
    facts: { notice: 'case-assigned', caseId: 'c', caseNumber: 'WBS-2026-00001', path: '/staff/cases/c' },
    attempts: 1,
  }));
}

/** A queue that hands out one batch, and a log of every call to the queue and the transport, in order. */
function setup(batch: ClaimedMail[]) {
  const calls: string[] = [];
  let handedOut = false;
  const queue = {
    claimDue: jest.fn(async () => (handedOut ? [] : ((handedOut = true), batch))),
    markSent: jest.fn(async (ids: string[]) => void calls.push(`recorded ${ids.join(',')}`)),
    markRetry: jest.fn(async (id: string) => void calls.push(`retry ${id}`)),
    markParked: jest.fn(async (id: string) => void calls.push(`parked ${id}`)),
    markCancelled: jest.fn(async (id: string) => void calls.push(`cancelled ${id}`)),
    release: jest.fn(async (ids: string[]) => void calls.push(`released ${ids.join(',')}`)),
  };
  const transport = { send: jest.fn(async (m: { id: string }) => void calls.push(`sent ${m.id}`)) };
  const renderer = { renderQueued: () => ({ subject: 's', text: 't', html: 'h' }) };
  const config = { mail: { pollMs: 1000, maxAttempts: 10, retryBaseMs: 30_000, retryMaxMs: 3_600_000 } } as unknown as AppConfig;
  const pacer = { pace: async () => undefined } as unknown as BackgroundPacer;
  const worker = new MailDeliveryWorker(
    {} as DataSource,
    queue as unknown as MailQueueRepository,
    transport as unknown as MailTransport,
    renderer as unknown as MailRenderer,
    new FixedClock(NOW),
    config,
    false,
    pacer,
    new BackgroundWork(),
  );
  return { worker, queue, transport, calls };
}

describe(MailDeliveryWorker.name, () => {
  it('records each mail as sent before the next one goes, so a crash repeats at most one', async () => {
    const batch = claimed(3);
    const { worker, calls } = setup(batch);
    const round = await worker.deliverDue();
    expect(round.sent).toBe(3);
    expect(calls).toEqual(batch.flatMap((m) => [`sent ${m.id}`, `recorded ${m.id}`]));
  });

  it('stops sending when the database cannot record a sent mail', async () => {
    const batch = claimed(5);
    const { worker, queue, transport } = setup(batch);
    queue.markSent.mockImplementationOnce(async () => undefined).mockRejectedValueOnce(new Error('connection terminated'));
    await expect(worker.deliverDue()).rejects.toThrow('connection terminated');
    // The second mail went and could not be recorded: it is the one duplicate; the rest wait.
    expect(transport.send).toHaveBeenCalledTimes(2);
  });

  it('hands the unsent rest of a batch back to the queue when the app stops mid-batch', async () => {
    const batch = claimed(4);
    const { worker, transport, calls } = setup(batch);
    transport.send.mockImplementationOnce(async (m: { id: string }) => {
      calls.push(`sent ${m.id}`);
      await worker.stop(); // the stop arrives while the first mail is in flight
    });
    await worker.deliverDue();
    expect(calls).toEqual([
      `sent ${batch[0].id}`,
      `recorded ${batch[0].id}`,
      `released ${batch
        .slice(1)
        .map((m) => m.id)
        .join(',')}`,
    ]);
  });

  it('records a refused mail as parked and goes on with the batch', async () => {
    const batch = claimed(2);
    const { worker, transport, calls } = setup(batch);
    transport.send.mockRejectedValueOnce(new MailSendFailed('550 Mailbox unavailable staff0@kendarikota.go.id', true));
    const round = await worker.deliverDue();
    expect(round).toEqual({ sent: 1, retried: 0, parked: 1, cancelled: 0 });
    expect(calls).toEqual([`parked ${batch[0].id}`, `sent ${batch[1].id}`, `recorded ${batch[1].id}`]);
  });
});
