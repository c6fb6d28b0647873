import * as sodium from 'sodium-native';
import { ValidationFailed } from '../platform/http/domain-error';
import { escrowKeyId } from './escrow-key-file';
import { combineEscrowShares, parseEscrowShares, splitEscrowKey } from './escrow-shares';

function keyPair(): { privateKey: Buffer; publicKey: Buffer } {
  const publicKey = Buffer.alloc(sodium.crypto_box_PUBLICKEYBYTES);
  const privateKey = Buffer.alloc(sodium.crypto_box_SECRETKEYBYTES);
  sodium.crypto_box_keypair(publicKey, privateKey);
  return { privateKey, publicKey };
}

async function refusal(p: Promise<unknown> | (() => unknown)): Promise<{ field: string; message: string; params?: Record<string, unknown> }[]> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof ValidationFailed) return e.errors;
    throw e;
  }
  throw new Error('not refused');
}

describe('escrow shares', () => {
  const { privateKey, publicKey } = keyPair();
  const keyId = escrowKeyId(publicKey);
  let shares: string[];

  beforeAll(async () => {
    shares = await splitEscrowKey(Buffer.from(privateKey), publicKey, 3, 2);
  });

  it('prints each share as one line naming its key, set, number and threshold', () => {
    expect(shares).toHaveLength(3);
    shares.forEach((s, i) => expect(s).toMatch(new RegExp(`^wbs-escrow-v1:key-${keyId}:set-[0-9a-f]{4}:share-${i + 1}-of-3:need-2:[0-9a-f]{66}:[0-9a-f]{8}$`)));
    expect(new Set(shares.map((s) => s.split(':')[2])).size).toBe(1);
  });

  it('never contains the key in any encoding', () => {
    const text = shares.join('\n');
    for (const encoded of [privateKey.toString('hex'), privateKey.toString('base64'), privateKey.toString('base64url')]) expect(text.toLowerCase()).not.toContain(encoded.toLowerCase().slice(0, 16));
  });

  it.each([[[0, 1]], [[1, 2]], [[2, 0]], [[0, 1, 2]]])('recovers the key from shares %j', async (which) => {
    const parsed = parseEscrowShares(which.map((i) => shares[i]));
    expect((await combineEscrowShares(parsed, keyId)).equals(privateKey)).toBe(true);
  });

  it('reads shares typed with spaces, upper case and blank lines', async () => {
    const typed = [` ${shares[0].toUpperCase().replace(/(.{6})/g, '$1 ')} `, '', shares[2]];
    expect((await combineEscrowShares(parseEscrowShares(typed), keyId)).equals(privateKey)).toBe(true);
  });

  it('refuses one share: the threshold is two', async () => {
    expect(await refusal(combineEscrowShares(parseEscrowShares([shares[1]]), keyId))).toEqual([{ field: 'escrow_shares', message: 'staff.escrow_shares_too_few', params: { need: 2, given: 1 } }]);
  });

  it('names the line of a mistyped share (one hex digit changed)', async () => {
    const i = shares[1].lastIndexOf(':') - 10;
    const typo = shares[1].slice(0, i) + (shares[1][i] === '0' ? '1' : '0') + shares[1].slice(i + 1);
    expect(await refusal(() => parseEscrowShares([shares[0], typo]))).toEqual([{ field: 'escrow_shares', message: 'staff.escrow_share_checksum', params: { line: 2 } }]);
  });

  it('names a line that is no share at all, and a missing character', async () => {
    expect(await refusal(() => parseEscrowShares(['hello', shares[0].slice(0, -1)]))).toEqual([
      { field: 'escrow_shares', message: 'staff.escrow_share_malformed', params: { line: 1 } },
      { field: 'escrow_shares', message: 'staff.escrow_share_malformed', params: { line: 2 } },
    ]);
  });

  it('refuses the same share twice', async () => {
    expect(await refusal(() => parseEscrowShares([shares[0], shares[0]]))).toEqual([{ field: 'escrow_shares', message: 'staff.escrow_share_duplicate', params: { line: 2, number: 1 } }]);
  });

  it('refuses shares of two splits, and shares of another key', async () => {
    const second = await splitEscrowKey(Buffer.from(privateKey), publicKey, 3, 2);
    expect(await refusal(combineEscrowShares(parseEscrowShares([shares[0], second[1]]), keyId))).toEqual([{ field: 'escrow_shares', message: 'staff.escrow_shares_mixed' }]);
    const other = keyPair();
    const foreign = await splitEscrowKey(other.privateKey, other.publicKey, 3, 2);
    expect(await refusal(combineEscrowShares(parseEscrowShares(foreign.slice(0, 2)), keyId))).toEqual([{ field: 'escrow_shares', message: 'staff.escrow_shares_other_key' }]);
  });

  it('splits 5 shares with a threshold of 3, and refuses impossible counts', async () => {
    const five = await splitEscrowKey(Buffer.from(privateKey), publicKey, 5, 3);
    expect((await combineEscrowShares(parseEscrowShares([five[4], five[0], five[2]]), keyId)).equals(privateKey)).toBe(true);
    await expect(splitEscrowKey(privateKey, publicKey, 3, 1)).rejects.toThrow(/threshold/);
    await expect(splitEscrowKey(privateKey, publicKey, 2, 3)).rejects.toThrow(/threshold/);
    await expect(splitEscrowKey(privateKey, publicKey, 11, 2)).rejects.toThrow(/shares/);
  });
});
