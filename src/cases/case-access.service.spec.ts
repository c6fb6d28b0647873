import { CryptoService } from '../platform/crypto';
import type { AuthService, StaffRef } from '../staff';
import type { CaseAssignmentsRepository } from './case-assignments.repository';
import { CaseAccess } from './case-access.service';
import { UnsealedKeyCache } from './unsealed-key-cache';

const crypto = new CryptoService();

describe('CaseAccess.unsealMany', () => {
  const pair = crypto.generateKeyPair();
  const me = { id: 'member', sessionId: 's1', sessionKey: crypto.randomKey() } as unknown as StaffRef;
  const privateKey = jest.fn(() => Buffer.from(pair.privateKey));
  const access = new CaseAccess(crypto, { privateKey } as unknown as AuthService, {} as CaseAssignmentsRepository, new UnsealedKeyCache(crypto));
  const keys = [crypto.randomKey(), crypto.randomKey(), crypto.randomKey()];
  const sealed = keys.map((k) => crypto.seal(k, pair.publicKey));

  it('opens the private key once for a page, and not at all when the session opened those keys lately', () => {
    expect(access.unsealMany(me, sealed.slice(0, 2))).toEqual(keys.slice(0, 2));
    expect(privateKey).toHaveBeenCalledTimes(1);
    expect(access.unsealMany(me, sealed.slice(0, 2))).toEqual(keys.slice(0, 2));
    expect(privateKey).toHaveBeenCalledTimes(1);
    // One new key on the page: the private key once more, for it alone.
    expect(access.unsealMany(me, sealed)).toEqual(keys);
    expect(privateKey).toHaveBeenCalledTimes(2);
  });

  it('refuses a box sealed to someone else, cached or not', () => {
    const stranger = crypto.seal(crypto.randomKey(), crypto.generateKeyPair().publicKey);
    expect(() => access.unsealMany(me, [sealed[0], stranger])).toThrow();
    expect(() => access.unsealMany(me, [stranger])).toThrow();
  });
});
