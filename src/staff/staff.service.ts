import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { kdfParamsFor } from './kdf-params';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../platform/clock/clock';
import { CryptoService } from '../platform/crypto';
import { EventPublisher } from '../platform/events';
import { Forbidden, ValidationFailed, FieldErrors } from '../platform/http/domain-error';
import { EscrowKeyInput, EscrowService } from './escrow.service';
import {
  StaffMemberCreated,
  StaffMemberCreatedByOperator,
  StaffMemberDeactivated,
  StaffMemberReactivated,
  StaffMemberUpdated,
  StaffPasswordReset,
  StaffRoleGrantConfirmed,
  StaffRoleGrantProposed,
  StaffRoleGrantRejected,
  StaffTwoFactorReset,
} from './events/staff-events';
import { assertPasswordAcceptable } from './password-policy';
import { ALL_ROLES, breaksCustodianRule, planRoles, Role } from './role';
import {
  CannotDeactivateSelf,
  CannotResetOwnPassword,
  CannotResetOwnTwoFactor,
  EscrowRecordUnusable,
  GrantBreaksCustodianRule,
  LastActiveAdmin,
  OwnAccountChangeRefused,
  RoleGrantAlreadyDecided,
  RoleGrantNotFound,
  SecondAdminRequired,
  StaffMemberNotFound,
} from './staff-accounts.errors';
import { hasRole, StaffRef } from './staff-ref';
import { EmailTaken } from './staff.errors';
import { OpdCheck } from './opd-check';
import { KeyHolderRow, NewStaffAccount, StaffAccount, StaffAccountsRepository } from './staff-accounts.repository';
import { RoleGrantsRepository } from './role-grants.repository';
import { StaffSessionsRepository } from './staff-sessions.repository';

export interface StaffView {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  opdCode: string | null;
  active: boolean;
}

export interface CreatedStaff {
  staff: StaffView;
  /** Set when no password was given: shown once, must be changed at first sign-in. */
  oneTimePassword?: string;
  /** Set when this call created the organisation's escrow key pair: the file its private half was written to. */
  escrowKeyFile?: string;
}

/** A grant of admin, supervisor or custodian waiting for a second admin. */
export interface PendingGrantView {
  id: string;
  role: Role;
  proposedBy: { id: string; name: string };
  proposedAt: Date;
}

/** A staff member as the admin's list shows them: no keys, no secrets. */
export interface StaffAccountView extends StaffView {
  /** Grants proposed and not yet confirmed or rejected. */
  pendingGrants: PendingGrantView[];
  mustChangePassword: boolean;
  /** Locked for a while after repeated failed sign-ins. */
  locked: boolean;
  twoFactorEnrolled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** What an admin may change on an account; an absent field stays as it is. */
export interface StaffAccountChanges {
  name?: string;
  roles?: string[];
  opdCode?: string | null;
}

export interface KeyHolder {
  id: string;
  publicKey: Buffer;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

@Injectable()
export class StaffService implements OnApplicationBootstrap {
  private readonly log = new Logger(StaffService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly crypto: CryptoService,
    private readonly escrow: EscrowService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: EventPublisher,
    private readonly accounts: StaffAccountsRepository,
    private readonly grants: RoleGrantsRepository,
    private readonly sessions: StaffSessionsRepository,
    private readonly opds: OpdCheck,
  ) {}

  static readonly KEY_HOLDERS_TTL_MS = 2_000;
  private holders: { at: number; rows: KeyHolderRow[] } | null = null;

  /** Forget the cached key holders (after a change to staff, roles or activation). */
  invalidateKeyHolders(): void {
    this.holders = null;
    this.holdersGeneration++;
  }

  private holdersGeneration = 0;

  /**
   * The direct path (first start, the CLI, tests): the roles are given at once. `by`: the admin
   * creating the account through `createAccount`, whose grants of admin, supervisor or custodian
   * arrive as `proposedRoles` and wait for a second admin; the events name the admin. `operator`:
   * `staff:create`, recorded as the system's. Custodian is exclusive on every path.
   */
  async create(input: { email: string; name: string; roles: Role[]; password?: string; opdCode?: string | null }, by?: { actor: StaffRef; proposedRoles: Role[] } | 'operator'): Promise<CreatedStaff> {
    const email = input.email.trim().toLowerCase();
    const name = input.name.trim();
    const proposedRoles = by && by !== 'operator' ? by.proposedRoles : [];
    const errors = new FieldErrors();
    if (!EMAIL.test(email) || email.length > 254) errors.add('email', 'staff.email_invalid');
    if (name.length < 1 || name.length > 120) errors.add('name', 'staff.name_invalid', { max: 120 });
    if (input.roles.length + proposedRoles.length === 0) errors.add('roles', 'staff.roles_required');
    else if (breaksCustodianRule([...input.roles, ...proposedRoles])) errors.add('roles', 'staff.custodian_exclusive');
    errors.throwIfAny();
    if (input.password !== undefined) assertPasswordAcceptable(input.password, email);
    const password = input.password ?? oneTimePassword();

    const created = await this.db.transaction(async (manager) => {
      if (await this.accounts.emailTaken(manager, email)) throw new EmailTaken();
      if (input.opdCode && !(await this.opds.opdExists(input.opdCode, manager))) {
        throw new ValidationFailed([{ field: 'opd', message: 'catalog.opd_unknown' }]);
      }
      const escrow = await this.escrow.ensure(manager);
      const pair = this.crypto.generateKeyPair();
      const wrapped = await this.crypto.wrapPrivateKey(pair.privateKey, password, kdfParamsFor(this.config));
      const now = this.clock.now();
      const account: NewStaffAccount = {
        id: randomUUID(),
        email,
        name,
        roles: input.roles,
        opdCode: input.opdCode ?? null,
        language: 'id',
        active: true,
        mustChangePassword: input.password === undefined,
        publicKey: pair.publicKey,
        privateKeyWrapped: wrapped.wrapped,
        kdfSalt: wrapped.salt,
        kdfParams: wrapped.params,
        privateKeyEscrow: this.crypto.seal(pair.privateKey, escrow.publicKey),
        failedLogins: 0,
        lockedUntil: null,
        createdAt: now,
        updatedAt: now,
      };
      this.crypto.wipe(pair.privateKey);
      await this.accounts.insert(manager, account);
      if (by === 'operator') {
        await this.events.publish(manager, new StaffMemberCreatedByOperator({ staffId: account.id, roles: account.roles, opdCode: account.opdCode }));
      } else if (by) {
        await this.events.publish(manager, new StaffMemberCreated({ staffId: account.id, actorId: by.actor.id, roles: account.roles, opdCode: account.opdCode }));
        for (const role of proposedRoles) await this.proposeGrant(manager, by.actor, account.id, role, now);
      }
      this.log.log(`staff member ${account.id} created with roles ${input.roles.join(',') || '(none)'}${proposedRoles.length ? `, ${proposedRoles.join(',')} proposed` : ''}`);
      return {
        staff: toView(account),
        oneTimePassword: input.password === undefined ? password : undefined,
        escrowKeyFile: escrow.createdKeyFile,
      };
    });
    // After the commit, so no concurrent read caches the list without the new member.
    this.invalidateKeyHolders();
    return created;
  }

  async count(): Promise<number> {
    return this.accounts.count();
  }

  /**
   * Active staff holding any of these roles, with their public keys: the recipients of sealed
   * case keys. Pass the caller's transaction manager when inside a transaction: a second pooled
   * connection per request deadlocks the pool under load.
   *
   * Every submission needs this list, and it changes only when staff are added, deactivated or
   * given roles, so it is read at most every KEY_HOLDERS_TTL_MS (and at once after a change made
   * through this instance). A change made elsewhere shows within that time; a case sealed in
   * between is sealed as for a member who joined just after it, whom a key holder grants later.
   */
  async keyHolders(roles: Role[], manager: EntityManager = this.db.manager): Promise<Map<Role, KeyHolder[]>> {
    if (!this.holders || Date.now() - this.holders.at > StaffService.KEY_HOLDERS_TTL_MS) {
      const generation = this.holdersGeneration;
      const rows = await this.accounts.activeKeyHolders(manager);
      // A read that overlapped a change may predate it: use it for this call, do not keep it.
      if (generation === this.holdersGeneration) this.holders = { at: Date.now(), rows };
      return groupByRole(rows, roles);
    }
    return groupByRole(this.holders.rows, roles);
  }

  // ---- Admin: staff accounts (DESIGN.md §1). Every method checks the admin role itself, so a
  // caller other than the admin controllers cannot skip the rule.

  /** Every account, active first, then by name, with the grants waiting for a second admin. */
  async listAccounts(actor: StaffRef): Promise<StaffAccountView[]> {
    assertAdmin(actor);
    const rows = await this.accounts.all();
    const grants = await this.grants.pending(null);
    const now = this.clock.now();
    return rows.map((r) => toAccountView(r, now, grants.get(r.id)));
  }

  async account(actor: StaffRef, id: string): Promise<StaffAccountView> {
    assertAdmin(actor);
    const s = await this.accounts.byId(id);
    if (!s) throw new StaffMemberNotFound();
    return toAccountView(s, this.clock.now(), (await this.grants.pending(id)).get(id));
  }

  /**
   * An admin adds a member: the rules of `create`, every field checked in one round trip, and
   * always a one-time password (an admin never chooses or learns a member's own password).
   * Inspector and auditor are given at once; admin, supervisor and custodian are proposed and
   * wait for a second admin, so the member may start with no role at all.
   */
  async createAccount(actor: StaffRef, input: { email: string; name: string; roles: string[]; opdCode: string | null }): Promise<{ staff: StaffAccountView; oneTimePassword: string }> {
    assertAdmin(actor);
    const errors = await this.accountErrors({ email: input.email, name: input.name, roles: input.roles, opdCode: input.opdCode });
    errors.throwIfAny();
    const plan = planRoles([], [], canonicalRoles(input.roles));
    const created = await this.create({ email: input.email, name: input.name, roles: plan.added, opdCode: input.opdCode }, { actor, proposedRoles: plan.proposed });
    return { staff: await this.account(actor, created.staff.id), oneTimePassword: created.oneTimePassword! };
  }

  /**
   * Name, roles, OPD. `roles` is the set the admin wants the member to hold: removals and grants
   * of inspector or auditor apply at once (sessions read roles on every request); grants of admin,
   * supervisor or custodian are proposed and wait for a second admin; a pending grant left out is
   * withdrawn. Nobody changes their own roles or OPD.
   */
  async updateAccount(actor: StaffRef, id: string, input: StaffAccountChanges): Promise<StaffAccountView> {
    assertAdmin(actor);
    const errors = await this.accountErrors(input);
    errors.throwIfAny();
    const result = await this.db.transaction(async (m) => {
      const admins = await this.accounts.lockActiveAdmins(m);
      const current = await this.accounts.lockById(m, id);
      if (!current) throw new StaffMemberNotFound();
      const pending = (await this.grants.pending(id, m)).get(id) ?? [];
      const plan = planRoles(
        current.roles,
        pending.map((g) => g.role),
        input.roles !== undefined ? canonicalRoles(input.roles) : [...current.roles, ...pending.map((g) => g.role)],
      );
      const next = {
        name: input.name !== undefined ? input.name.trim() : current.name,
        roles: plan.roles,
        opdCode: input.opdCode !== undefined ? input.opdCode : current.opdCode,
      };
      const rolesChanged = !sameRoles(next.roles, current.roles);
      if (id === actor.id && (rolesChanged || plan.proposed.length || plan.withdrawn.length)) throw new OwnAccountChangeRefused('roles');
      if (id === actor.id && next.opdCode !== current.opdCode) throw new OwnAccountChangeRefused('opd');
      const changed = [...(next.name !== current.name ? ['name'] : []), ...(rolesChanged ? ['roles'] : []), ...(next.opdCode !== current.opdCode ? ['opd'] : [])];
      if (!changed.length && !plan.proposed.length && !plan.withdrawn.length) return { view: toAccountView(current, this.clock.now(), pending), rolesChanged: false };
      const losesAdmin = current.roles.includes(Role.Admin) && !next.roles.includes(Role.Admin);
      if (current.active && losesAdmin && !admins.some((a) => a !== id)) throw new LastActiveAdmin();
      const now = this.clock.now();
      if (changed.length) {
        await this.accounts.setProfile(m, id, next, now);
        await this.events.publish(
          m,
          new StaffMemberUpdated({ staffId: id, actorId: actor.id, changed, roles: next.roles, previousRoles: current.roles, opdCode: next.opdCode, previousOpdCode: current.opdCode }),
        );
      }
      for (const role of plan.withdrawn) {
        const grant = pending.find((g) => g.role === role)!;
        await this.closeGrant(m, actor, id, { id: grant.id, role, proposedBy: grant.proposedBy.id }, now);
      }
      for (const role of plan.proposed) await this.proposeGrant(m, actor, id, role, now);
      this.log.log(`staff member ${id} updated by ${actor.id} (${[...changed, ...plan.proposed.map((r) => `${r} proposed`), ...plan.withdrawn.map((r) => `${r} withdrawn`)].join(',')})`);
      const after = (await this.grants.pending(id, m)).get(id);
      return { view: toAccountView({ ...current, ...next, updatedAt: changed.length ? now : current.updatedAt }, now, after), rolesChanged };
    });
    // After the commit (see create): roles decide who receives newly sealed case keys.
    if (result.rolesChanged) this.invalidateKeyHolders();
    return result.view;
  }

  /**
   * A second admin confirms a grant of admin, supervisor or custodian: neither the admin who
   * proposed it nor the member it is for (nobody changes their own roles).
   */
  async confirmGrant(actor: StaffRef, staffId: string, grantId: string): Promise<StaffAccountView> {
    assertAdmin(actor);
    if (staffId === actor.id) throw new OwnAccountChangeRefused('roles');
    const view = await this.db.transaction(async (m) => {
      // The member's row before the grant's, as updateAccount takes them: no deadlock between the two.
      const current = await this.accounts.lockById(m, staffId);
      if (!current) throw new StaffMemberNotFound();
      const grant = await this.lockPendingGrant(m, staffId, grantId);
      if (grant.proposedBy === actor.id) throw new SecondAdminRequired();
      const roles = canonicalRoles([...current.roles, grant.role]);
      if (breaksCustodianRule(roles)) throw new GrantBreaksCustodianRule();
      const now = this.clock.now();
      await this.accounts.setRoles(m, staffId, roles, now);
      await this.grants.confirm(m, grantId, actor.id, now);
      await this.events.publish(m, new StaffRoleGrantConfirmed({ grantId, staffId, actorId: actor.id, proposedBy: grant.proposedBy, role: grant.role, roles, previousRoles: current.roles }));
      this.log.log(`role ${grant.role} of staff member ${staffId} confirmed by ${actor.id} (proposed by ${grant.proposedBy})`);
      return toAccountView({ ...current, roles, updatedAt: now }, now, (await this.grants.pending(staffId, m)).get(staffId));
    });
    this.invalidateKeyHolders();
    return view;
  }

  /** Another admin rejects a pending grant, or the admin who proposed it withdraws it. */
  async rejectGrant(actor: StaffRef, staffId: string, grantId: string): Promise<StaffAccountView> {
    assertAdmin(actor);
    if (staffId === actor.id) throw new OwnAccountChangeRefused('roles');
    return this.db.transaction(async (m) => {
      const current = await this.accounts.lockById(m, staffId);
      if (!current) throw new StaffMemberNotFound();
      const grant = await this.lockPendingGrant(m, staffId, grantId);
      const now = this.clock.now();
      await this.closeGrant(m, actor, staffId, grant, now);
      this.log.log(`role ${grant.role} of staff member ${staffId} rejected by ${actor.id} (proposed by ${grant.proposedBy})`);
      return toAccountView(current, now, (await this.grants.pending(staffId, m)).get(staffId));
    });
  }

  /**
   * At start: names every account that holds custodian with another role (made before the rule,
   * or by hand in the database). `keyHolders` already seals no new identity key to them; an admin
   * fixes them by leaving custodian alone or removing it.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.reportCustodianRuleBreaches();
  }

  async reportCustodianRuleBreaches(): Promise<string[]> {
    const rows = await this.accounts.custodiansWithOtherRoles();
    for (const r of rows) {
      this.log.warn(
        `staff account ${r.id} (${r.email}) holds custodian together with ${r.roles.filter((x) => x !== Role.Custodian).join(',')}: ` +
          'custodian must be held alone, so no new identity key is sealed to it until an admin leaves it custodian only or removes custodian',
      );
    }
    return rows.map((r) => r.id);
  }

  private async proposeGrant(m: EntityManager, actor: StaffRef, staffId: string, role: Role, now: Date): Promise<void> {
    const grantId = randomUUID();
    await this.grants.propose(m, { id: grantId, staffId, role, proposedBy: actor.id, proposedAt: now });
    await this.events.publish(m, new StaffRoleGrantProposed({ grantId, staffId, actorId: actor.id, role }));
  }

  private async closeGrant(m: EntityManager, actor: StaffRef, staffId: string, grant: { id: string; role: Role; proposedBy: string }, now: Date): Promise<void> {
    await this.grants.reject(m, grant.id, actor.id, now);
    await this.events.publish(m, new StaffRoleGrantRejected({ grantId: grant.id, staffId, actorId: actor.id, proposedBy: grant.proposedBy, role: grant.role }));
  }

  /**
   * Deactivation takes effect at once: the member's open sessions end in the same transaction
   * (sign-in and every request also refuse inactive members), and they receive no case key sealed
   * afterwards. Reactivation does not restore keys of cases filed in between; a key holder grants them.
   */
  async setAccountActive(actor: StaffRef, id: string, active: boolean): Promise<StaffAccountView> {
    assertAdmin(actor);
    if (id === actor.id) throw new CannotDeactivateSelf();
    const result = await this.db.transaction(async (m) => {
      const admins = await this.accounts.lockActiveAdmins(m);
      const current = await this.accounts.lockById(m, id);
      if (!current) throw new StaffMemberNotFound();
      if (current.active === active) return { view: toAccountView(current, this.clock.now()), changed: false };
      if (!active && current.roles.includes(Role.Admin) && !admins.some((a) => a !== id)) throw new LastActiveAdmin();
      const now = this.clock.now();
      await this.accounts.setActive(m, id, active, now);
      if (active) {
        await this.events.publish(m, new StaffMemberReactivated({ staffId: id, actorId: actor.id, roles: current.roles }));
      } else {
        const endedSessions = await this.sessions.endAll(m, id, now);
        await this.events.publish(m, new StaffMemberDeactivated({ staffId: id, actorId: actor.id, roles: current.roles, endedSessions }));
      }
      this.log.log(`staff member ${id} ${active ? 'reactivated' : 'deactivated'} by ${actor.id}`);
      return { view: toAccountView({ ...current, active, updatedAt: now }, now), changed: true };
    });
    if (result.changed) this.invalidateKeyHolders();
    return result.view;
  }

  /**
   * For a member who lost both their authenticator and their recovery codes: removes their TOTP
   * secret and recovery codes and ends their sessions; at the next sign-in (password still needed)
   * they enrol again, where STAFF_2FA requires it.
   */
  async resetTwoFactor(actor: StaffRef, id: string): Promise<StaffAccountView> {
    assertAdmin(actor);
    if (id === actor.id) throw new CannotResetOwnTwoFactor();
    return this.db.transaction(async (m) => {
      const current = await this.accounts.lockById(m, id);
      if (!current) throw new StaffMemberNotFound();
      const now = this.clock.now();
      await this.accounts.clearTwoFactor(m, id, now);
      await this.accounts.deleteRecoveryCodes(m, id);
      const endedSessions = await this.sessions.endAll(m, id, now);
      await this.events.publish(m, new StaffTwoFactorReset({ staffId: id, actorId: actor.id, endedSessions }));
      this.log.log(`two-step sign-in of staff member ${id} reset by ${actor.id}`);
      return toAccountView({ ...current, totpSecret: null, totpEnrolledAt: null, totpLastStep: null, updatedAt: now }, now);
    });
  }

  /**
   * "Admin reset goes through escrow" (DESIGN.md §4): the escrow private key, typed in by the
   * admin or recovered from at least the needed shares, and held only for this call, opens the
   * member's escrow copy of their private key, which is re-wrapped under a new one-time password.
   * The key pair stays the same, so every case key already sealed to the member still opens. A
   * wrong key or wrong shares change nothing.
   */
  async resetPasswordWithEscrow(actor: StaffRef, id: string, escrowInput: EscrowKeyInput): Promise<{ staff: StaffView; oneTimePassword: string }> {
    assertAdmin(actor);
    if (id === actor.id) throw new CannotResetOwnPassword();
    let escrow: { privateKey: Buffer; publicKey: Buffer };
    try {
      escrow = await this.escrow.recover(escrowInput);
    } catch (e) {
      if (e instanceof ValidationFailed) this.log.warn(`escrow reset of staff member ${id} by ${actor.id} refused: ${e.errors.map((x) => x.message).join(', ')}`);
      throw e;
    }
    const { privateKey: escrowPrivateKey, publicKey: escrowPublicKey } = escrow;
    let memberKey: Buffer | null = null;
    try {
      const member = await this.accounts.byId(id);
      if (!member) throw new StaffMemberNotFound();
      try {
        memberKey = this.crypto.openSealed(member.privateKeyEscrow, escrowPublicKey, escrowPrivateKey);
      } catch {
        throw new EscrowRecordUnusable();
      }
      if (!this.crypto.publicKeyOf(memberKey).equals(member.publicKey)) throw new EscrowRecordUnusable();
      const password = oneTimePassword();
      // Argon2 before the transaction, so no row stays locked while it runs; the key pair never
      // changes, so the wrap cannot go stale.
      const wrapped = await this.crypto.wrapPrivateKey(memberKey, password, kdfParamsFor(this.config));
      await this.db.transaction(async (m) => {
        const now = this.clock.now();
        if (!(await this.accounts.setOneTimePassword(m, id, wrapped, now))) throw new StaffMemberNotFound();
        const endedSessions = await this.sessions.endAll(m, id, now);
        await this.events.publish(m, new StaffPasswordReset({ staffId: id, actorId: actor.id, method: 'escrow', endedSessions }));
      });
      this.log.log(`staff member ${id} given a one-time password through escrow by ${actor.id}`);
      return { staff: toView(member), oneTimePassword: password };
    } finally {
      this.crypto.wipe(escrowPrivateKey);
      if (memberKey) this.crypto.wipe(memberKey);
    }
  }

  /** The pending grant, locked against a second decision at the same moment. */
  private async lockPendingGrant(m: EntityManager, staffId: string, grantId: string): Promise<{ id: string; role: Role; proposedBy: string }> {
    const g = await this.grants.lock(m, staffId, grantId);
    if (!g) throw new RoleGrantNotFound();
    if (g.status !== 'pending') throw new RoleGrantAlreadyDecided();
    return { id: g.id, role: g.role, proposedBy: g.proposedBy };
  }

  /** Every problem with an admin's input at once; absent fields are not checked. */
  private async accountErrors(input: { email?: string; name?: string; roles?: string[]; opdCode?: string | null }): Promise<FieldErrors> {
    const errors = new FieldErrors();
    if (input.email !== undefined) {
      const email = input.email.trim().toLowerCase();
      if (!EMAIL.test(email) || email.length > 254) errors.add('email', 'staff.email_invalid');
    }
    if (input.name !== undefined) {
      const name = input.name.trim();
      if (name.length < 1 || name.length > 120) errors.add('name', 'staff.name_invalid', { max: 120 });
    }
    if (input.roles !== undefined) {
      const unknown = input.roles.find((r) => !(ALL_ROLES as string[]).includes(r));
      if (unknown !== undefined) errors.add('roles', 'staff.role_unknown', { role: unknown.slice(0, 40) });
      else if (input.roles.length === 0) errors.add('roles', 'staff.roles_required');
      else if (breaksCustodianRule(input.roles)) errors.add('roles', 'staff.custodian_exclusive');
    }
    if (input.opdCode) {
      if (!(await this.opds.opdExists(input.opdCode))) {
        errors.add('opd', 'catalog.opd_unknown');
      }
    }
    return errors;
  }
}

function groupByRole(rows: KeyHolderRow[], roles: Role[]): Map<Role, KeyHolder[]> {
  const byRole = new Map<Role, KeyHolder[]>(roles.map((r) => [r, []]));
  for (const r of rows) {
    for (const role of roles) {
      // An account holding custodian with another role (made before the rule, or by hand in the
      // database) receives no new identity key until an admin fixes its roles.
      if (role === Role.Custodian && breaksCustodianRule(r.roles)) continue;
      if (r.roles.includes(role)) byRole.get(role)!.push({ id: r.id, publicKey: r.publicKey });
    }
  }
  return byRole;
}

function toView(s: StaffView): StaffView {
  return { id: s.id, email: s.email, name: s.name, roles: s.roles, opdCode: s.opdCode, active: s.active };
}

function toAccountView(s: StaffAccount, now: Date, pendingGrants: PendingGrantView[] = []): StaffAccountView {
  return {
    ...toView(s),
    pendingGrants,
    mustChangePassword: s.mustChangePassword,
    locked: s.lockedUntil !== null && s.lockedUntil > now,
    twoFactorEnrolled: s.totpEnrolledAt !== null,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

function assertAdmin(actor: StaffRef): void {
  if (!hasRole(actor, Role.Admin)) throw new Forbidden();
}

/** Known roles, each once, in a fixed order, so equal sets are stored and compared alike. */
function canonicalRoles(roles: string[]): Role[] {
  return ALL_ROLES.filter((r) => roles.includes(r));
}

function sameRoles(a: Role[], b: Role[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
}

/** 20 characters from an unambiguous alphabet, grouped for reading aloud or typing. */
function oneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const chars = Array.from({ length: 20 }, () => alphabet[randomInt(alphabet.length)]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}
