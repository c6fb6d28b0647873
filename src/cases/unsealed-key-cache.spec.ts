import { performance } from 'node:perf_hooks';
import { CryptoService } from '../platform/crypto';
import type { StaffRef } from '../staff';
import { UnsealedKeyCache } from './unsealed-key-cache';

const crypto = new CryptoService();

function session(id: string): StaffRef {
  return { id: 'member', sessionId: id, sessionKey: crypto.randomKey() } as unknown as StaffRef;
}

describe('UnsealedKeyCache', () => {
  afterEach(() => jest.restoreAllMocks());

  it('gives a key back only to the session that put it, for the same sealed box', () => {
    const cache = new UnsealedKeyCache(crypto);
    const alice = session('s-alice');
    const key = crypto.randomKey();
    const sealed = crypto.seal(key, crypto.generateKeyPair().publicKey);
    const mine = cache.forSession(alice);
    expect(mine.get(sealed)).toBeNull();
    mine.put(sealed, key);
    expect(mine.get(sealed)).toEqual(key);
    // A later request of the same session (the key comes again from its token).
    expect(cache.forSession(alice).get(sealed)).toEqual(key);
    // Another session, even of the same member, finds nothing.
    expect(cache.forSession(session('s-other')).get(sealed)).toBeNull();
    // The same session id with another key (a forged or replayed id) finds nothing.
    expect(cache.forSession({ ...alice, sessionKey: crypto.randomKey() } as StaffRef).get(sealed)).toBeNull();
    // The key sealed again (a new box for the same key) is not found: only the row's box counts.
    expect(mine.get(crypto.seal(key, crypto.generateKeyPair().publicKey))).toBeNull();
  });

  it('keeps nothing readable: no key or sealed box appears in what it holds', () => {
    const cache = new UnsealedKeyCache(crypto);
    const key = crypto.randomKey();
    const sealed = crypto.seal(key, crypto.generateKeyPair().publicKey);
    cache.forSession(session('s1')).put(sealed, key);
    const held = (cache as unknown as { entries: Map<string, { box: Buffer }> }).entries;
    expect(held.size).toBe(1);
    const [[name, entry]] = [...held];
    expect(entry.box.includes(key)).toBe(false);
    expect(name).not.toContain(sealed.toString('base64').slice(0, 16));
    expect(Buffer.from(name, 'base64').length).toBe(16);
  });

  it('forgets an entry after fifteen minutes, however often it is read', () => {
    let now = 1_000_000;
    jest.spyOn(performance, 'now').mockImplementation(() => now);
    const cache = new UnsealedKeyCache(crypto);
    const me = session('s1');
    const key = crypto.randomKey();
    const sealed = crypto.seal(key, crypto.generateKeyPair().publicKey);
    cache.forSession(me).put(sealed, key);
    now += 14 * 60_000;
    expect(cache.forSession(me).get(sealed)).toEqual(key);
    now += 61_000;
    expect(cache.forSession(me).get(sealed)).toBeNull();
    expect(cache.size).toBe(0);
  });

  it('holds at most 20,000 keys, dropping the oldest first', () => {
    const cache = new UnsealedKeyCache(crypto);
    const me = cache.forSession(session('s1'));
    const key = crypto.randomKey();
    const boxes = Array.from({ length: 20_001 }, (_, i) => Buffer.from(`sealed box ${i}`));
    for (const box of boxes) me.put(box, key);
    expect(cache.size).toBe(20_000);
    expect(me.get(boxes[0])).toBeNull();
    expect(me.get(boxes[1])).toEqual(key);
    expect(me.get(boxes[20_000])).toEqual(key);
  });
});
