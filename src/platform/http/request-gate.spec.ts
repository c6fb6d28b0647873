import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { RequestGate } from './request-gate';

function call(gate: RequestGate, path: string) {
  const res = Object.assign(new EventEmitter(), {
    headers: {} as Record<string, string>,
    setHeader(name: string, value: string) {
      this.headers[name] = value;
    },
  });
  const next = jest.fn();
  gate.middleware({ path } as Request, res as unknown as Response, next);
  return { res, passed: next.mock.calls.length === 1 };
}

describe(RequestGate.name, () => {
  it('lets requests through up to the bound and releases each once it ends', () => {
    const gate = new RequestGate(2);
    const a = call(gate, '/report');
    call(gate, '/report');
    expect(gate.active).toBe(2);
    a.res.emit('finish');
    a.res.emit('close'); // both events of one response release it once
    expect(gate.active).toBe(1);
    expect(call(gate, '/report').passed).toBe(true);
  });

  it('always lets the probes through, even when full', () => {
    const gate = new RequestGate(1);
    call(gate, '/report');
    expect(call(gate, '/health/ready').passed).toBe(true);
    expect(call(gate, '/health/live').passed).toBe(true);
    expect(call(gate, '/metrics').passed).toBe(true);
    expect(gate.active).toBe(1);
  });

  it('closes keep-alive connections with each response once a stop has begun', () => {
    const gate = new RequestGate(4);
    expect(call(gate, '/report').res.headers.Connection).toBeUndefined();
    gate.beginShutdown();
    expect(call(gate, '/report').res.headers.Connection).toBe('close');
    expect(call(gate, '/health/ready').res.headers.Connection).toBe('close');
  });
});
