import type { DataSource } from 'typeorm';
import { Role } from '../staff';
import { CaseAssignmentsRepository } from './case-assignments.repository';
import { CasesRepository } from './cases.repository';
import { IdentityRequestsRepository } from './identity-requests.repository';
import { IdentityRequestsService } from './identity-requests.service';

/** The identity rules of DESIGN.md §4 that live in this service, with the database mocked. */
describe(IdentityRequestsService.name, () => {
  const me = (roles: Role[]) => ({ id: 'me', roles }) as never;

  function build(row: Record<string, unknown> | undefined) {
    const m = { query: jest.fn(async (sql: string) => (sql.trimStart().startsWith('SELECT') ? (row ? [row] : []) : [])) };
    const db = { query: jest.fn(async () => []), transaction: jest.fn(async (work: (x: typeof m) => unknown) => work(m)) } as unknown as DataSource & { query: jest.Mock; transaction: jest.Mock };
    const access = { unsealMany: jest.fn(() => [Buffer.alloc(32)]) };
    const service = new IdentityRequestsService(
      db,
      access as never,
      {} as never,
      {} as never,
      {} as never,
      {} as never,
      { now: () => new Date('2026-06-01T00:00:00Z') } as never,
      {} as never,
      new IdentityRequestsRepository(db),
      new CaseAssignmentsRepository(),
      new CasesRepository(db),
      {} as never,
    );
    return { service, db, m, access };
  }

  describe('identityFor', () => {
    it('shows a custodian nothing, whatever key they hold, without reading anything', async () => {
      const { service, db } = build(undefined);
      expect(await service.identityFor(me([Role.Custodian]), 'case')).toBeNull();
      expect(db.query).not.toHaveBeenCalled();
    });

    it('reads the identity only together with an approved request of the member for the case', async () => {
      const { service, db } = build(undefined);
      expect(await service.identityFor(me([Role.Inspector, Role.Supervisor]), 'case')).toBeNull();
      const [sql, params] = db.query.mock.calls[0] as unknown as [string, unknown[]];
      expect(sql).toMatch(/EXISTS \(SELECT 1 FROM identity_requests r WHERE r\.case_id = \$1 AND r\.requester_id = \$2 AND r\.status = 'approved'\)/);
      expect(params).toEqual(['case', 'me']);
    });
  });

  describe('decide', () => {
    const decide = (service: IdentityRequestsService, roles: Role[]) => service.decide(me(roles), 'request', true, 'Alasan cukup');

    it('refuses an account holding custodian with another role before opening a transaction', async () => {
      const { service, db } = build(undefined);
      await expect(decide(service, [Role.Custodian, Role.Inspector])).rejects.toMatchObject({ status: 403, message: 'identity.custodian_not_exclusive' });
      expect(db.transaction).not.toHaveBeenCalled();
    });

    it.each([
      ['made the request', { requester_id: 'me', decider_assigned: false }],
      ['is assigned to the case', { requester_id: 'someone', decider_assigned: true }],
    ])('refuses a custodian who %s, and writes nothing', async (_name, who) => {
      const { service, m, access } = build({ case_id: 'case', status: 'pending', sealed: Buffer.alloc(80), ...who });
      await expect(decide(service, [Role.Custodian])).rejects.toMatchObject({ status: 403, message: 'identity.decider_involved' });
      expect(m.query).toHaveBeenCalledTimes(1);
      expect(access.unsealMany).not.toHaveBeenCalled();
    });
  });
});
