import { MailQueueRepository } from '../src/notifications';
import { FixedClock } from '../src/platform/clock/clock';
import { Role } from '../src/staff';
import { startTestApp, TestApp } from './support/app';

/**
 * A mail being sent is held by a lease measured on the database's clock, the one all processes
 * share: a process whose own clock runs years ahead (a CLI beside a server on a test's fixed
 * clock) does not take it over and send it twice, and one whose clock is behind still takes over
 * a lease that has run out (its holder died).
 */
describe('mail leases', () => {
  const clock = new FixedClock(new Date('2026-05-29T07:00:00Z'));
  let t: TestApp;
  let queue: MailQueueRepository;

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { MAIL_POLL_MS: '600000' } });
    queue = t.app.get(MailQueueRepository);
  });
  afterAll(() => t?.close());

  it('keeps a leased mail from a process with another clock until the lease runs out by the database', async () => {
    const member = await t.createStaff([Role.Supervisor]);
    const [{ id }] = await t.db.query<{ id: string }>(
      `INSERT INTO mail_queue (id, staff_id, notice, facts, urgent, status, next_attempt_at, created_at)
       VALUES (gen_random_uuid(), $1, 'new-report', '{"caseNumber":"WBS-2026-00001"}', true, 'pending', $2, $2) RETURNING id`,
      [member.id, clock.now()],
    );
    expect((await queue.claimDue(clock.now(), 10, 120_000)).map((m) => m.id)).toContain(id);
    // Another process, its clock five years ahead: the lease has not run out, so it takes nothing.
    expect((await queue.claimDue(new Date('2031-05-29T07:00:00Z'), 10, 120_000)).map((m) => m.id)).not.toContain(id);
    // The holder died and the lease ran out: a process whose clock is behind takes it over.
    await t.db.query(`UPDATE mail_queue SET next_attempt_at = now() - interval '1 second' WHERE id = $1`, [id]);
    expect((await queue.claimDue(clock.now(), 10, 120_000)).map((m) => m.id)).toContain(id);
  });
});
