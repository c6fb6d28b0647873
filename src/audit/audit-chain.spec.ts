import { canonical, canonicalJson, chainHash, chainHashOfText, GENESIS } from './audit-chain';

const entry = { seq: 1, at: new Date('2026-11-28T01:02:03.004Z'), actorType: 'staff' as const, actorId: '0d5c1f7e-8f1a-4c55-9a57-1b2f3c4d5e6f', action: 'case.viewed', caseId: null, detail: '{}' };

describe('audit chain', () => {
  it('writes details with sorted keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
  });

  it('hashes the previous hash and the canonical entry', () => {
    expect(canonical(entry)).toBe('[1,"2026-11-28T01:02:03.004Z","staff","0d5c1f7e-8f1a-4c55-9a57-1b2f3c4d5e6f","case.viewed",null,"{}"]');
    const h1 = chainHash(GENESIS, entry);
    expect(h1).toHaveLength(32);
    expect(chainHash(GENESIS, entry)).toEqual(h1);
  });

  it('changes the hash when any recorded field or the link changes', () => {
    const h = chainHash(GENESIS, entry).toString('hex');
    const variants = [
      { ...entry, seq: 2 },
      { ...entry, at: new Date(entry.at.getTime() + 1) },
      { ...entry, actorType: 'system' as const },
      { ...entry, actorId: null },
      { ...entry, action: 'case.exported' },
      { ...entry, caseId: entry.actorId },
      { ...entry, detail: '{"a":1}' },
    ];
    for (const v of variants) expect(chainHash(GENESIS, v).toString('hex')).not.toBe(h);
    expect(chainHash(Buffer.alloc(32, 1), entry).toString('hex')).not.toBe(h);
  });

  it('gives the same hash from the text form the verifier reads', () => {
    expect(chainHashOfText(GENESIS, 1, '2026-11-28T01:02:03.004Z', 'staff', entry.actorId, 'case.viewed', null, '{}')).toEqual(chainHash(GENESIS, entry));
  });
});
