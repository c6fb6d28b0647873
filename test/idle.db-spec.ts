import { IntakeService } from '../src/intake/intake.service';
import { Role } from '../src/staff/role';
import { startTestContext, TestContext } from './support/app';
import { createTestDatabase, TestDatabase } from './support/database';
import { untilIdle } from './support/idle';
import { SmtpSink } from './support/smtp-sink';

/**
 * The helper that every "nothing more happens" assertion rests on: it returns only once a
 * report's event has gone through its subscribers to mail the SMTP server accepted and to a
 * chained audit entry, and it fails, naming what is left, when work stays pending.
 */
describe('untilIdle', () => {
  describe('with the app working', () => {
    const sink = new SmtpSink();
    let t: TestContext;
    beforeAll(async () => {
      await sink.start();
      t = await startTestContext({ env: { SMTP_URL: sink.url, MAIL_POLL_MS: '100' } });
      await t.createStaff([Role.Supervisor]);
      await t.createStaff([Role.Supervisor]);
      await t.createStaff([Role.Custodian]);
    });
    afterAll(async () => {
      await t?.close();
      await sink.stop();
    });

    it('returns once the event is delivered, its mail sent and its audit entry chained', async () => {
      await t.app
        .get(IntakeService)
        .submit({ category: 'corruption', title: 'Dana hibah', description: 'Dana hibah dipotong sebelum diserahkan kepada penerima.', anonymous: true, consent: 'yes' }, [], 'web');
      await untilIdle(t);
      // One assertion over every table, so that a failure shows the whole state (and any
      // subscriber or mail error) rather than only the first missing piece.
      expect({
        newReportMails: sink.matching(/^Laporan baru/).length,
        mails: await t.db.query(`SELECT status, count(*)::int AS n, max(last_error) AS last_error FROM mail_queue GROUP BY status`),
        unfinishedDeliveries: await t.db.query(`SELECT subscriber, status, attempts, last_error FROM event_deliveries WHERE status <> 'done' ORDER BY subscriber`),
        unchainedAudit: await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE seq IS NULL`),
        submittedAudit: await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'intake.report-submitted'`),
      }).toEqual({
        newReportMails: 2,
        mails: [{ status: 'sent', n: 2, last_error: null }],
        unfinishedDeliveries: [],
        unchainedAudit: [{ n: 0 }],
        submittedAudit: [{ n: 1 }],
      });
      // A delivery that failed and was retried passes the test, but its error is worth reading.
      const retried = await t.db.query(`SELECT subscriber, attempts, last_error FROM event_deliveries WHERE attempts > 0 AND last_error IS NOT NULL`);
      if (retried.length) console.warn(`deliveries that failed before succeeding: ${JSON.stringify(retried)}`);
    });

    it('with the real clock, waits for a retry the app will make before the timeout', async () => {
      // A failed delivery to be tried again in 2 s: nothing is due now, but the app will act
      // within the wait, so the work is not finished (no subscriber of this name exists, so it
      // stays pending and the wait runs out naming it).
      await t.db.query(`INSERT INTO outbox (event_id, type, payload, occurred_at, fanned_out_at) VALUES (gen_random_uuid(), 'test.thing-happened', '{}', now(), now())`);
      await t.db.query(`INSERT INTO event_deliveries (event_id, subscriber, status, attempts, next_attempt_at, last_error)
                        SELECT event_id, 'test.retried', 'pending', 1, now() + interval '2 seconds', 'connection reset' FROM outbox WHERE type = 'test.thing-happened'`);
      await expect(untilIdle(t, { timeoutMs: 5_000 })).rejects.toThrow(/1 deliveries due \(test\.retried ×1 after "connection reset"\)/);
      await t.db.query(`DELETE FROM event_deliveries WHERE subscriber = 'test.retried'`);
    });
  });

  describe('with nobody working', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(() => db.drop());

    it('fails after its timeout, naming what is still pending', async () => {
      await db.query(`INSERT INTO outbox (event_id, type, payload, occurred_at) VALUES (gen_random_uuid(), 'test.thing-happened', '{}', now())`);
      await db.query(`INSERT INTO audit_log (at, actor_type, action, detail) VALUES (now(), 'system', 'test.checked', '{}')`);
      await expect(untilIdle({ db }, { timeoutMs: 200 })).rejects.toThrow(/Still pending after 200 ms .*1 events not fanned out \(test\.thing-happened ×1\); 1 audit entries not chained/);
      // Retries not yet due and parked work are not pending: nothing touches them until then.
      await db.query(`UPDATE outbox SET fanned_out_at = now()`);
      await db.query(`INSERT INTO event_deliveries (event_id, subscriber, status, attempts, next_attempt_at)
                      SELECT event_id, 'test.later', 'pending', 1, now() + interval '1 hour' FROM outbox`);
      await db.query(`UPDATE audit_log SET seq = 1, prev_hash = decode(repeat('00', 32), 'hex'), hash = decode(repeat('01', 32), 'hex')`);
      await untilIdle({ db }, { timeoutMs: 200 });
    });
  });
});
