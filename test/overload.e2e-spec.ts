import * as net from 'node:net';
import request from 'supertest';
import { RequestGate } from '../src/platform/http/request-gate';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { createTestDatabase, TestDatabase } from './support/database';
import { TcpProxy } from './support/tcp-proxy';
import { until } from './support/until';

const REPORT = { category: 'corruption', title: 'Dana hibah dipotong', description: 'Dana hibah dipotong sebelum diserahkan kepada penerima.', anonymous: true, consent: 'yes' };

/** A request that has sent its headers and not its body: the instance works on it until it ends. */
function stalledUpload(url: string): net.Socket {
  const { port } = new URL(url);
  const socket = net.connect(Number(port), '127.0.0.1');
  socket.write('POST /api/v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{"category":');
  socket.on('error', () => undefined);
  return socket;
}

describe('Overload: a bounded number of requests in flight', () => {
  let t: TestApp;
  const stalled: net.Socket[] = [];
  beforeAll(async () => (t = await startTestApp({ env: { MAX_IN_FLIGHT: '4' } })));
  afterAll(async () => {
    for (const s of stalled) s.destroy();
    await t?.close();
  });

  it('refuses what is past the bound with 503 and Retry-After, answers probes, and serves again once there is room', async () => {
    const gate = t.app.get(RequestGate);
    stalled.push(...Array.from({ length: 4 }, () => stalledUpload(t.url)));
    await until('four requests in flight', () => gate.active === 4, { timeoutMs: 20_000, intervalMs: 20 });

    const api = await request(t.url).get('/api/v1/meta/categories').expect(503);
    expect(api.headers['retry-after']).toBe('2');
    expect(api.body).toMatchObject({ code: 'overloaded', message: expect.stringContaining('Tidak ada yang tersimpan') });
    const page = await request(t.url).get('/report').expect(503);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Tidak ada yang tersimpan');
    await request(t.url).get('/health/live').expect(200);
    await request(t.url).get('/health/ready').expect(200);
    expect(gate.refused).toBe(2);

    for (const s of stalled) s.destroy();
    await until('the stalled requests to end', () => gate.active === 0, { timeoutMs: 20_000, intervalMs: 20 });
    await request(t.url).get('/api/v1/meta/categories').expect(200);
  });
});

describe('Database outage', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    const target = new URL(db.url);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    const viaProxy = new URL(db.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    t = await startTestApp({ database: { ...db, url: viaProxy.toString() } });
    await t.createStaff([Role.Supervisor]);
    await t.createStaff([Role.Custodian]);
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => undefined);
    await t?.close();
    await proxy?.cut();
    await db?.drop();
  });

  it('answers 503 with Retry-After and "nothing was saved" while the database is away, saves nothing, and recovers by itself', async () => {
    await request(t.url).post('/api/v1/reports').send(REPORT).expect(201);
    const [{ n: before }] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM cases`);

    await proxy.cut();
    const api = await request(t.url).post('/api/v1/reports').send(REPORT).expect(503);
    expect(api.headers['retry-after']).toBe('15');
    expect(api.body).toMatchObject({ code: 'database_unavailable', message: expect.stringContaining('Tidak ada yang tersimpan') });
    const page = await request(t.url)
      .post('/report')
      .type('form')
      .send({ ...REPORT, anonymous: 'yes', lang: 'en' })
      .expect(503);
    expect(page.headers['retry-after']).toBe('15');
    expect(page.text).toContain('Nothing was saved');
    expect(t.logs()).not.toMatch(/"msg":"unhandled error"/);

    await proxy.restore();
    await until('the app to reach the database again', async () => (await request(t.url).get('/api/v1/meta/categories')).status === 200);
    const [{ n: after }] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM cases`);
    expect(after).toBe(before);
    await request(t.url).post('/api/v1/reports').send(REPORT).expect(201);
  });
});
