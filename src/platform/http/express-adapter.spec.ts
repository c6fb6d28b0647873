import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request, Response } from 'express';
import { PrototypedExpressAdapter } from './express-adapter';

describe(PrototypedExpressAdapter.name, () => {
  it("creates requests and responses with the app's prototypes, so Express has nothing to change", async () => {
    const adapter = new PrototypedExpressAdapter();
    const app = adapter.getInstance();
    const seen: Record<string, unknown> = {};
    // What each call would change, judged when it is made.
    const original = Object.setPrototypeOf;
    const calls: { onHttpObject: boolean; alreadyThere: boolean }[] = [];
    const setPrototypeOf = jest.spyOn(Object, 'setPrototypeOf').mockImplementation((target: object, proto: object | null) => {
      calls.push({ onHttpObject: target instanceof http.IncomingMessage || target instanceof http.ServerResponse, alreadyThere: Object.getPrototypeOf(target) === proto });
      return original(target, proto);
    });
    app.get('/probe', (req: Request, res: Response) => {
      seen.requestProto = Object.getPrototypeOf(req) === app.request;
      seen.responseProto = Object.getPrototypeOf(res) === app.response;
      seen.isIncoming = req instanceof http.IncomingMessage;
      seen.isResponse = res instanceof http.ServerResponse;
      seen.app = req.app === app && res.app === app;
      seen.helpers = [req.get('x-probe'), req.path, req.query.q];
      res.status(201).json({ ok: true });
    });
    adapter.initHttpServer({});
    const server = adapter.getHttpServer() as http.Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await fetch(`http://127.0.0.1:${port}/probe?q=1`, { headers: { 'x-probe': 'yes' } });
      expect([answer.status, await answer.json()]).toEqual([201, { ok: true }]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(seen).toEqual({ requestProto: true, responseProto: true, isIncoming: true, isResponse: true, app: true, helpers: ['yes', '/probe', '1'] });
    // Express still asks; with the prototype already in place nothing about the objects changes.
    setPrototypeOf.mockRestore();
    const onRequests = calls.filter((c) => c.onHttpObject);
    expect(onRequests.length).toBeGreaterThanOrEqual(2);
    expect(onRequests.every((c) => c.alreadyThere)).toBe(true);
  });

  it('keeps Nest’s own server for the options it handles itself', () => {
    const adapter = new PrototypedExpressAdapter();
    adapter.initHttpServer({ forceCloseConnections: true });
    expect(adapter.getHttpServer()).toBeInstanceOf(http.Server);
  });
});
