import { DataSource } from 'typeorm';
import { chainHash, GENESIS } from '../src/audit/audit-chain';
import type { ActorType } from '../src/audit/audit-chain';
import { AuditChainer } from '../src/audit/audit-chainer';
import { AuditLogRepository } from '../src/audit/audit-log.repository';
import { AuditVerifier } from '../src/audit/audit-verifier';
import { startTestContext, TestContext } from './support/app';
import { until } from './support/until';

/**
 * PostgreSQL links the chain (audit_log_chain) and Node verifies it (audit-chain.ts): the two must
 * write the same canonical text for every entry, or a sound log would fail `audit:verify`. Run
 * over the text most likely to differ: JSON escapes, control characters, characters beyond
 * Latin-1 and the BMP, line and paragraph separators, and times finer than a millisecond.
 */
describe('the audit chain linked in PostgreSQL', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await startTestContext();
  });
  afterAll(() => t.close());

  const hostile = [
    'quote " backslash \\ slash / tab \t newline \n return \r backspace \b form feed \f',
    'controls \u0001\u0007\u000b\u001b\u001f delete \u007f',
    'Latin-1 é ñ ß, beyond: Kendari 漢字 ‘quotes’ — dash, emoji 😀🇮🇩',
    'separators \u2028 \u2029 and </script><!--',
    '\\u0041 written out, "\\"" nested',
  ];

  it('writes, for every entry, the hash Node computes from the stored entry', async () => {
    const repo = t.app.get(AuditLogRepository);
    const [{ max: before }] = await t.db.query<{ max: string | null }>(`SELECT max(id) AS max FROM audit_log`);
    await t.app.get(DataSource).transaction(async (m) => {
      await repo.insert(
        m,
        hostile.map((text, i) => ({
          at: new Date(Date.UTC(2026, 11, 7, 1, 2, 3, i)),
          actorType: (i % 2 ? 'staff' : 'system') as ActorType,
          actorId: i % 2 ? '0d5c1f7e-8f1a-4c55-9a57-1b2f3c4d5e6f' : null,
          action: 'audit.exported',
          caseId: i === 2 ? '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' : null,
          detail: JSON.stringify({ text }),
        })),
      );
      // Times the app never writes but the column holds: microseconds (the chain keeps the
      // millisecond, truncated, on both sides) and a year below 1000 (four digits on both sides).
      await m.query(
        `INSERT INTO audit_log (at, actor_type, action, detail) VALUES ('2026-12-07 01:02:03.999999+00', 'system', 'audit.exported', '{}'), ('0999-01-02 03:04:05.5+00', 'system', 'audit.exported', $1)`,
        [JSON.stringify({ text: hostile.join('') })],
      );
    });
    await until('every entry chained', async () => (await t.app.get(AuditChainer).chainPending(), (await repo.countUnchained()) === 0 || null));

    const rows = await t.db.query<{
      id: string;
      seq: string;
      at: Date;
      actor_type: ActorType;
      actor_id: string | null;
      action: string;
      case_id: string | null;
      detail: string;
      prev_hash: Buffer;
      hash: Buffer;
    }>(`SELECT id, seq, at, actor_type, actor_id, action, case_id, detail, prev_hash, hash FROM audit_log ORDER BY seq`);
    let prev: Buffer = GENESIS;
    for (const r of rows) {
      const expected = chainHash(prev, { seq: Number(r.seq), at: r.at, actorType: r.actor_type, actorId: r.actor_id, action: r.action, caseId: r.case_id, detail: r.detail });
      expect({ seq: r.seq, prev: r.prev_hash.toString('hex'), hash: r.hash.toString('hex') }).toEqual({ seq: r.seq, prev: prev.toString('hex'), hash: expected.toString('hex') });
      prev = r.hash;
    }
    const ours = rows.filter((r) => Number(r.id) > Number(before ?? 0));
    expect(ours.map((r) => JSON.parse(r.detail).text ?? '')).toEqual([...hostile, '', hostile.join('')]);
    expect(await t.app.get(AuditVerifier).verify()).toMatchObject({ ok: true, checked: rows.length });
  });

  it('chains a round of many entries as one run of consecutive numbers after the last', async () => {
    const repo = t.app.get(AuditLogRepository);
    const [{ max: last }] = await t.db.query<{ max: string }>(`SELECT max(seq) AS max FROM audit_log`);
    await t.app.get(DataSource).transaction((m) =>
      repo.insert(
        m,
        Array.from({ length: 1200 }, (_, i) => ({ at: new Date(), actorType: 'system' as ActorType, actorId: null, action: 'audit.exported', caseId: null, detail: JSON.stringify({ i }) })),
      ),
    );
    await until('every entry chained', async () => (await t.app.get(AuditChainer).chainPending(), (await repo.countUnchained()) === 0 || null));
    const rows = await t.db.query<{ seq: string; detail: string }>(`SELECT seq, detail FROM audit_log WHERE seq > $1 ORDER BY seq`, [last]);
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => Number(last) + 1 + i));
    expect(rows.filter((r) => r.detail.startsWith('{"i":')).map((r) => JSON.parse(r.detail).i)).toEqual(Array.from({ length: 1200 }, (_, i) => i));
    expect(await t.app.get(AuditVerifier).verify()).toMatchObject({ ok: true, unchained: 0 });
  });
});
