import { breaksCustodianRule, needsConfirmation, planRoles, Role } from './role';

describe('roles', () => {
  describe(breaksCustodianRule.name, () => {
    it('accepts custodian alone and any set without custodian', () => {
      expect(breaksCustodianRule([Role.Custodian])).toBe(false);
      expect(breaksCustodianRule([Role.Admin, Role.Supervisor, Role.Inspector, Role.Auditor])).toBe(false);
      expect(breaksCustodianRule([])).toBe(false);
    });

    it('refuses custodian with any other role', () => {
      for (const other of [Role.Admin, Role.Supervisor, Role.Inspector, Role.Auditor]) {
        expect(breaksCustodianRule([Role.Custodian, other])).toBe(true);
        expect(breaksCustodianRule([other, Role.Custodian])).toBe(true);
      }
    });
  });

  it('needs a second admin for admin, supervisor and custodian only', () => {
    expect([Role.Admin, Role.Supervisor, Role.Inspector, Role.Custodian, Role.Auditor].filter(needsConfirmation)).toEqual([Role.Admin, Role.Supervisor, Role.Custodian]);
  });

  describe(planRoles.name, () => {
    it('gives inspector and auditor at once and proposes admin, supervisor and custodian', () => {
      expect(planRoles([], [], [Role.Admin, Role.Inspector, Role.Auditor, Role.Supervisor])).toEqual({
        roles: [Role.Inspector, Role.Auditor],
        removed: [],
        added: [Role.Inspector, Role.Auditor],
        proposed: [Role.Admin, Role.Supervisor],
        withdrawn: [],
      });
    });

    it('removes at once, even a role that would need confirmation to give', () => {
      expect(planRoles([Role.Supervisor, Role.Inspector], [], [Role.Inspector])).toEqual({
        roles: [Role.Inspector],
        removed: [Role.Supervisor],
        added: [],
        proposed: [],
        withdrawn: [],
      });
    });

    it('keeps a pending grant that is still wanted, without proposing it twice, and withdraws one left out', () => {
      expect(planRoles([Role.Inspector], [Role.Supervisor, Role.Admin], [Role.Inspector, Role.Supervisor])).toEqual({
        roles: [Role.Inspector],
        removed: [],
        added: [],
        proposed: [],
        withdrawn: [Role.Admin],
      });
    });

    it('can leave a member with no role while their only grant waits', () => {
      expect(planRoles([Role.Inspector], [], [Role.Custodian])).toEqual({
        roles: [],
        removed: [Role.Inspector],
        added: [],
        proposed: [Role.Custodian],
        withdrawn: [],
      });
    });

    it('changes nothing when the wanted roles are those held and pending', () => {
      expect(planRoles([Role.Inspector], [Role.Admin], [Role.Admin, Role.Inspector])).toEqual({
        roles: [Role.Inspector],
        removed: [],
        added: [],
        proposed: [],
        withdrawn: [],
      });
    });
  });
});
