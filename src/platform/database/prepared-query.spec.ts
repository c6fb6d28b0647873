import type { EntityManager } from 'typeorm';
import { preparedQuery, preparedShape } from './prepared-query';

/** A manager outside any transaction, whose pool records what it is sent. */
function poolManager() {
  const pool = { query: jest.fn(async (_config: { name: string; text: string; values: unknown[] }) => ({ rows: [{ ok: 1 }] })) };
  const unnamed = jest.fn(async (_text: string, _values: unknown[]) => [{ ok: 0 }]);
  const manager = { queryRunner: undefined, connection: { driver: { master: pool } }, query: unnamed } as unknown as EntityManager;
  return { manager, pool, unnamed };
}

describe('prepared queries', () => {
  it('sends a named statement to the pool outside a transaction', async () => {
    const { manager, pool } = poolManager();
    await expect(preparedQuery(manager, 'wbs_test', 'SELECT $1::int AS ok', [1])).resolves.toEqual([{ ok: 1 }]);
    expect(pool.query).toHaveBeenCalledWith({ name: 'wbs_test', text: 'SELECT $1::int AS ok', values: [1] });
  });

  it('runs on the transaction’s own connection inside one, and unnamed on a runner outside one', async () => {
    const client = { query: jest.fn(async () => ({ rows: [{ ok: 2 }] })) };
    const inTx = { queryRunner: { isTransactionActive: true, connect: async () => client }, query: jest.fn() } as unknown as EntityManager;
    await expect(preparedQuery(inTx, 'wbs_test', 'SELECT 2', [])).resolves.toEqual([{ ok: 2 }]);
    expect(client.query).toHaveBeenCalledWith({ name: 'wbs_test', text: 'SELECT 2', values: [] });
    const idle = { queryRunner: { isTransactionActive: false, connect: jest.fn() }, query: jest.fn(async () => [{ ok: 3 }]) } as unknown as EntityManager;
    await expect(preparedQuery(idle, 'wbs_test', 'SELECT 3', [])).resolves.toEqual([{ ok: 3 }]);
  });

  it('names each text by its hash, and runs texts beyond the first 32 unnamed', async () => {
    const { manager, pool, unnamed } = poolManager();
    for (let i = 0; i < 32; i++) await preparedShape(manager, 'wbs_list', `SELECT ${i}`, []);
    await preparedShape(manager, 'wbs_list', 'SELECT 0', []);
    const names = pool.query.mock.calls.map(([c]) => c.name);
    expect(new Set(names).size).toBe(32);
    expect(names[32]).toBe(names[0]);
    expect(names[0]).toMatch(/^wbs_list_[0-9a-f]{16}$/);
    await expect(preparedShape(manager, 'wbs_list', 'SELECT 32', [])).resolves.toEqual([{ ok: 0 }]);
    expect(unnamed).toHaveBeenCalledWith('SELECT 32', []);
    expect(pool.query).toHaveBeenCalledTimes(33);
  });
});
