import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';

const REPORT = {
  category: 'corruption',
  title: 'Dana hibah dipotong',
  description: 'Dana hibah dipotong sebelum diserahkan kepada penerima, tanpa kuitansi.',
  anonymous: true,
  consent: 'yes',
};

/**
 * `Idempotency-Key` on POST /api/v1/reports (CONTRACT.md, issue 12): a client whose 201 was
 * lost retries with the same key and gets the same receipt, and nothing more is filed.
 */
describe('Idempotent submissions', () => {
  let t: TestApp;
  const cases = async () => Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM cases`))[0].n);
  const submit = (key: string | null, body: Record<string, unknown> = REPORT) => {
    const r = request(t.url).post('/api/v1/reports');
    return (key === null ? r : r.set('Idempotency-Key', key)).send(body);
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_REPORT: '1000' } });
    await t.createStaff([Role.Supervisor]);
    await t.createStaff([Role.Custodian]);
  });
  afterAll(async () => t?.close());

  it('answers a retry with the same key with the same receipt, files nothing more, and the receipt opens the case', async () => {
    const key = randomUUID();
    const before = await cases();
    const first = await submit(key).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await submit(key).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toMatchObject({ receipt: first.body.receipt, submittedAt: first.body.submittedAt });
    expect(await cases()).toBe(before + 1);
    await request(t.url).post('/api/v1/track').send({ receipt: again.body.receipt }).expect(200);
  });

  it('files one report for retries that race each other', async () => {
    const key = randomUUID();
    const before = await cases();
    const answers = await Promise.all(Array.from({ length: 6 }, () => submit(key)));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((a) => a.body.receipt)).size).toBe(1);
    expect(await cases()).toBe(before + 1);
  });

  it('refuses the same key for a report with other fields (409), filing nothing', async () => {
    const key = randomUUID();
    await submit(key).expect(201);
    const before = await cases();
    const res = await submit(key, { ...REPORT, title: 'Laporan lain sama sekali' }).expect(409);
    expect(res.body).toMatchObject({ code: 'idempotency_key_reused', errors: [{ field: 'Idempotency-Key' }] });
    expect(await cases()).toBe(before);
  });

  it('refuses a malformed key with a field error before reading the report, filing nothing', async () => {
    const before = await cases();
    for (const key of ['short', 'has spaces in the middle of it', 'x'.repeat(256), 'ünïcödé-key-0123456789']) {
      const res = await submit(key).expect(400);
      expect(res.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.stringContaining('Idempotency-Key') }]);
    }
    expect(await cases()).toBe(before);
  });

  it('keeps neither the key nor the receipt in clear', async () => {
    const key = `probe-${randomUUID()}`;
    const { body } = await submit(key).expect(201);
    const dump = JSON.stringify(await t.db.query(`SELECT encode(key_hash, 'hex') k, encode(request_hash, 'hex') r, encode(receipt_sealed, 'hex') s FROM submission_keys`));
    for (const secret of [key, body.receipt, body.receipt.replace(/-/g, '')]) {
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(Buffer.from(secret).toString('hex'));
    }
    expect(t.logs()).not.toContain(key);
    expect(t.logs()).not.toContain(body.receipt);
  });

  it('files anew with a key older than a day', async () => {
    const key = randomUUID();
    const first = await submit(key).expect(201);
    await t.db.query(`UPDATE submission_keys SET submitted_at = submitted_at - interval '2 days', expires_at = expires_at - interval '2 days'`);
    const before = await cases();
    const later = await submit(key).expect(201);
    expect(later.body.receipt).not.toBe(first.body.receipt);
    expect(await cases()).toBe(before + 1);
  });

  it('works without a key as before: each post files a report', async () => {
    const before = await cases();
    await submit(null).expect(201);
    await submit(null).expect(201);
    expect(await cases()).toBe(before + 2);
  });
});
