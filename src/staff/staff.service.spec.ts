import type { DataSource, EntityManager } from 'typeorm';
import { Role } from './role';
import { StaffService } from './staff.service';
import { StaffAccountsRepository } from './staff-accounts.repository';

/** The service over a stand-in database; the staff repositories read through it, the rest is unused. */
function serviceOver(db: DataSource): StaffService {
  return new StaffService(db, {} as never, {} as never, {} as never, {} as never, {} as never, new StaffAccountsRepository(db), {} as never, {} as never, {} as never);
}

/**
 * A stand-in manager outside any transaction: `query` answers both unnamed queries and the
 * prepared statements sent to the pool (platform/database/prepared-query).
 */
function managerOver(query: jest.Mock): EntityManager & { query: jest.Mock } {
  const pool = { query: async () => ({ rows: await query() }) };
  return { query, connection: { driver: { master: pool } } } as unknown as EntityManager & { query: jest.Mock };
}

describe(StaffService.name, () => {
  const row = (id: string, roles: Role[]) => ({ id, public_key: Buffer.alloc(32, id.charCodeAt(0)), roles });

  function build(rows: () => unknown[]) {
    const manager = managerOver(jest.fn(async () => rows()));
    const db = { manager } as unknown as DataSource;
    const service = serviceOver(db);
    return { service, manager };
  }

  it('groups key holders by role and reads them once within the cache time', async () => {
    const { service, manager } = build(() => [row('a', [Role.Supervisor]), row('b', [Role.Custodian]), row('c', [Role.Inspector]), row('d', [Role.Supervisor])]);
    const first = await service.keyHolders([Role.Supervisor, Role.Custodian]);
    expect(first.get(Role.Supervisor)!.map((h) => h.id)).toEqual(['a', 'd']);
    expect(first.get(Role.Custodian)!.map((h) => h.id)).toEqual(['b']);
    await service.keyHolders([Role.Supervisor]);
    expect(manager.query).toHaveBeenCalledTimes(1);
  });

  it('seals no identity key to an account holding custodian with another role, which keeps its other roles', async () => {
    const { service } = build(() => [row('a', [Role.Custodian]), row('x', [Role.Custodian, Role.Supervisor]), row('y', [Role.Inspector, Role.Custodian])]);
    const holders = await service.keyHolders([Role.Supervisor, Role.Custodian]);
    expect(holders.get(Role.Custodian)!.map((h) => h.id)).toEqual(['a']);
    expect(holders.get(Role.Supervisor)!.map((h) => h.id)).toEqual(['x']);
  });

  it('reads again after a change made through this instance', async () => {
    let rows = [row('a', [Role.Supervisor])];
    const { service, manager } = build(() => rows);
    await service.keyHolders([Role.Supervisor]);
    rows = [row('a', [Role.Supervisor]), row('d', [Role.Supervisor])];
    service.invalidateKeyHolders();
    expect((await service.keyHolders([Role.Supervisor])).get(Role.Supervisor)).toHaveLength(2);
    expect(manager.query).toHaveBeenCalledTimes(2);
  });

  it('does not keep a read that overlapped a change', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    const manager = managerOver(
      jest.fn(async () => {
        calls++;
        if (calls === 1) await gate;
        return [row('a', [Role.Supervisor])];
      }),
    );
    const service = serviceOver({ manager } as never);
    const stale = service.keyHolders([Role.Supervisor]);
    service.invalidateKeyHolders();
    release();
    await stale;
    await service.keyHolders([Role.Supervisor]);
    expect(manager.query).toHaveBeenCalledTimes(2);
  });

  describe('separation of duties, refused before anything is read or written', () => {
    const me = (roles: Role[]) => ({ id: 'me', roles }) as never;
    function untouched() {
      const transaction = jest.fn();
      const query = jest.fn();
      const db = { transaction, query, manager: { query }, getRepository: jest.fn() } as unknown as DataSource;
      return { service: serviceOver(db), transaction, query };
    }

    it("refuses a decision on a grant for one's own account", async () => {
      const { service, transaction } = untouched();
      await expect(service.confirmGrant(me([Role.Admin]), 'me', 'g')).rejects.toMatchObject({ code: 'own_account_change_refused', status: 403, field: 'roles' });
      await expect(service.rejectGrant(me([Role.Admin]), 'me', 'g')).rejects.toMatchObject({ code: 'own_account_change_refused' });
      expect(transaction).not.toHaveBeenCalled();
    });

    it("refuses one's own deactivation and reactivation with 403", async () => {
      const { service, transaction } = untouched();
      for (const active of [false, true]) {
        await expect(service.setAccountActive(me([Role.Admin]), 'me', active)).rejects.toMatchObject({ status: 403, field: 'active' });
      }
      expect(transaction).not.toHaveBeenCalled();
    });

    it('refuses grant decisions and account changes by anyone but an admin', async () => {
      const { service, transaction } = untouched();
      await expect(service.confirmGrant(me([Role.Supervisor, Role.Inspector, Role.Auditor]), 'other', 'g')).rejects.toMatchObject({ status: 403 });
      await expect(service.updateAccount(me([Role.Custodian]), 'other', { roles: ['admin'] })).rejects.toMatchObject({ status: 403 });
      expect(transaction).not.toHaveBeenCalled();
    });

    it('refuses custodian with another role on the direct path, naming the roles field', async () => {
      const { service, transaction } = untouched();
      await expect(service.create({ email: 'k@kendarikota.go.id', name: 'K', roles: [Role.Custodian, Role.Auditor], password: 'teluk kendari pagi hari' })).rejects.toMatchObject({
        errors: [{ field: 'roles', message: 'staff.custodian_exclusive' }],
      });
      expect(transaction).not.toHaveBeenCalled();
    });
  });
});
