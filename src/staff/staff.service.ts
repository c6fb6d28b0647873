import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { kdfParamsFor } from './kdf-params';
import { preparedQuery } from '../platform/database/prepared-query';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../platform/clock/clock';
import { CryptoService } from '../platform/crypto';
import { EventPublisher } from '../platform/events';
import { Forbidden, ValidationFailed, FieldError } from '../platform/http/domain-error';
import { EscrowKeyInput, EscrowService } from './escrow.service';
import { StaffMemberCreated, StaffMemberDeactivated, StaffMemberReactivated, StaffMemberUpdated, StaffPasswordReset, StaffTwoFactorReset } from './events/staff-events';
import { assertPasswordAcceptable } from './password-policy';
import { ALL_ROLES, Role } from './role';
import {
  CannotDeactivateSelf,
  CannotResetOwnPassword,
  CannotResetOwnTwoFactor,
  EscrowRecordUnusable,
  LastActiveAdmin,
  StaffMemberNotFound,
} from './staff-accounts.errors';
import { hasRole, StaffRef } from './staff-ref';
import { StaffEntity } from './staff.entity';
import { EmailTaken } from './staff.errors';

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

/** A staff member as the admin's list shows them: no keys, no secrets. */
export interface StaffAccountView extends StaffView {
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
export class StaffService {
  private readonly log = new Logger(StaffService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly crypto: CryptoService,
    private readonly escrow: EscrowService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: EventPublisher,
  ) {}

  static readonly KEY_HOLDERS_TTL_MS = 2_000;
  private holders: { at: number; rows: { id: string; public_key: Buffer; roles: Role[] }[] } | null = null;

  /** Forget the cached key holders (after a change to staff, roles or activation). */
  invalidateKeyHolders(): void {
    this.holders = null;
    this.holdersGeneration++;
  }

  private holdersGeneration = 0;

  /** `by`: the admin creating the account, when it is not the first start or the CLI; the event names them. */
  async create(input: { email: string; name: string; roles: Role[]; password?: string; opdCode?: string | null }, by?: StaffRef): Promise<CreatedStaff> {
    const email = input.email.trim().toLowerCase();
    const name = input.name.trim();
    const errors: FieldError[] = [];
    if (!EMAIL.test(email) || email.length > 254) errors.push({ field: 'email', message: 'staff.email_invalid' });
    if (name.length < 1 || name.length > 120) errors.push({ field: 'name', message: 'staff.name_invalid', params: { max: 120 } });
    if (input.roles.length === 0) errors.push({ field: 'roles', message: 'staff.roles_required' });
    if (errors.length) throw new ValidationFailed(errors);
    if (input.password !== undefined) assertPasswordAcceptable(input.password, email);
    const password = input.password ?? oneTimePassword();

    const created = await this.db.transaction(async (manager) => {
      if (await manager.exists(StaffEntity, { where: { email } })) throw new EmailTaken();
      if (input.opdCode && !(await manager.query(`SELECT 1 FROM opds WHERE code = $1`, [input.opdCode])).length) {
        throw new ValidationFailed([{ field: 'opd', message: 'catalog.opd_unknown' }]);
      }
      const escrow = await this.escrow.ensure(manager);
      const pair = this.crypto.generateKeyPair();
      const wrapped = await this.crypto.wrapPrivateKey(pair.privateKey, password, kdfParamsFor(this.config));
      const now = this.clock.now();
      const entity = manager.create(StaffEntity, {
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
      });
      this.crypto.wipe(pair.privateKey);
      await manager.insert(StaffEntity, entity);
      if (by) {
        await this.events.publish(manager, new StaffMemberCreated({ staffId: entity.id, actorId: by.id, roles: entity.roles, opdCode: entity.opdCode }));
      }
      this.log.log(`staff member ${entity.id} created with roles ${input.roles.join(',')}`);
      return {
        staff: toView(entity),
        oneTimePassword: input.password === undefined ? password : undefined,
        escrowKeyFile: escrow.createdKeyFile,
      };
    });
    // After the commit, so no concurrent read caches the list without the new member.
    this.invalidateKeyHolders();
    return created;
  }

  async count(): Promise<number> {
    return this.db.getRepository(StaffEntity).count();
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
      const rows = await preparedQuery<{ id: string; public_key: Buffer; roles: Role[] }>(
        manager,
        'wbs_staff_key_holders',
        `SELECT id, public_key, roles FROM staff WHERE active ORDER BY created_at`,
        [],
      );
      // A read that overlapped a change may predate it: use it for this call, do not keep it.
      if (generation === this.holdersGeneration) this.holders = { at: Date.now(), rows };
      return groupByRole(rows, roles);
    }
    return groupByRole(this.holders.rows, roles);
  }

  // ---- Admin: staff accounts (DESIGN.md §1). Every method checks the admin role itself, so a
  // caller other than the admin controllers cannot skip the rule.

  /** Every account, active first, then by name. */
  async listAccounts(actor: StaffRef): Promise<StaffAccountView[]> {
    assertAdmin(actor);
    const rows = await this.db.getRepository(StaffEntity).find({ order: { active: 'DESC', name: 'ASC', email: 'ASC' } });
    const now = this.clock.now();
    return rows.map((r) => toAccountView(r, now));
  }

  async account(actor: StaffRef, id: string): Promise<StaffAccountView> {
    assertAdmin(actor);
    const s = await this.db.getRepository(StaffEntity).findOne({ where: { id } });
    if (!s) throw new StaffMemberNotFound();
    return toAccountView(s, this.clock.now());
  }

  /**
   * An admin adds a member: the rules of `create`, every field checked in one round trip, and
   * always a one-time password (an admin never chooses or learns a member's own password).
   */
  async createAccount(actor: StaffRef, input: { email: string; name: string; roles: string[]; opdCode: string | null }): Promise<{ staff: StaffView; oneTimePassword: string }> {
    assertAdmin(actor);
    const errors = await this.accountErrors({ email: input.email, name: input.name, roles: input.roles, opdCode: input.opdCode });
    if (errors.length) throw new ValidationFailed(errors);
    const created = await this.create({ email: input.email, name: input.name, roles: canonicalRoles(input.roles), opdCode: input.opdCode }, actor);
    return { staff: created.staff, oneTimePassword: created.oneTimePassword! };
  }

  /** Name, roles, OPD. Role changes take effect on the member's next request (sessions read them). */
  async updateAccount(actor: StaffRef, id: string, input: StaffAccountChanges): Promise<StaffAccountView> {
    assertAdmin(actor);
    const errors = await this.accountErrors(input);
    if (errors.length) throw new ValidationFailed(errors);
    const result = await this.db.transaction(async (m) => {
      const admins = await lockActiveAdmins(m);
      const current = await m.findOne(StaffEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw new StaffMemberNotFound();
      const next = {
        name: input.name !== undefined ? input.name.trim() : current.name,
        roles: input.roles !== undefined ? canonicalRoles(input.roles) : current.roles,
        opdCode: input.opdCode !== undefined ? input.opdCode : current.opdCode,
      };
      const changed = [
        ...(next.name !== current.name ? ['name'] : []),
        ...(!sameRoles(next.roles, current.roles) ? ['roles'] : []),
        ...(next.opdCode !== current.opdCode ? ['opd'] : []),
      ];
      if (!changed.length) return { view: toAccountView(current, this.clock.now()), rolesChanged: false };
      const losesAdmin = current.roles.includes(Role.Admin) && !next.roles.includes(Role.Admin);
      if (current.active && losesAdmin && !admins.some((a) => a !== id)) throw new LastActiveAdmin();
      const now = this.clock.now();
      await m.update(StaffEntity, { id }, { name: next.name, roles: next.roles, opdCode: next.opdCode, updatedAt: now });
      await this.events.publish(
        m,
        new StaffMemberUpdated({ staffId: id, actorId: actor.id, changed, roles: next.roles, previousRoles: current.roles, opdCode: next.opdCode, previousOpdCode: current.opdCode }),
      );
      this.log.log(`staff member ${id} updated by ${actor.id} (${changed.join(',')})`);
      return { view: toAccountView({ ...current, ...next, updatedAt: now }, now), rolesChanged: changed.includes('roles') };
    });
    // After the commit (see create): roles decide who receives newly sealed case keys.
    if (result.rolesChanged) this.invalidateKeyHolders();
    return result.view;
  }

  /**
   * Deactivation takes effect at once: the member's open sessions end in the same transaction
   * (sign-in and every request also refuse inactive members), and they receive no case key sealed
   * afterwards. Reactivation does not restore keys of cases filed in between; a key holder grants them.
   */
  async setAccountActive(actor: StaffRef, id: string, active: boolean): Promise<StaffAccountView> {
    assertAdmin(actor);
    if (!active && id === actor.id) throw new CannotDeactivateSelf();
    const result = await this.db.transaction(async (m) => {
      const admins = await lockActiveAdmins(m);
      const current = await m.findOne(StaffEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw new StaffMemberNotFound();
      if (current.active === active) return { view: toAccountView(current, this.clock.now()), changed: false };
      if (!active && current.roles.includes(Role.Admin) && !admins.some((a) => a !== id)) throw new LastActiveAdmin();
      const now = this.clock.now();
      await m.update(StaffEntity, { id }, { active, updatedAt: now });
      if (active) {
        await this.events.publish(m, new StaffMemberReactivated({ staffId: id, actorId: actor.id, roles: current.roles }));
      } else {
        const endedSessions = await endSessions(m, id, now);
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
      const current = await m.findOne(StaffEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw new StaffMemberNotFound();
      const now = this.clock.now();
      await m.update(StaffEntity, { id }, { totpSecret: null, totpEnrolledAt: null, totpLastStep: null, updatedAt: now });
      await m.query(`DELETE FROM staff_recovery_codes WHERE staff_id = $1`, [id]);
      const endedSessions = await endSessions(m, id, now);
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
      const member = await this.db.getRepository(StaffEntity).findOne({ where: { id } });
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
        const updated = await m.update(StaffEntity, { id }, {
          privateKeyWrapped: wrapped.wrapped,
          kdfSalt: wrapped.salt,
          kdfParams: wrapped.params,
          mustChangePassword: true,
          failedLogins: 0,
          lockedUntil: null,
          updatedAt: now,
        });
        if (!updated.affected) throw new StaffMemberNotFound();
        const endedSessions = await endSessions(m, id, now);
        await this.events.publish(m, new StaffPasswordReset({ staffId: id, actorId: actor.id, method: 'escrow', endedSessions }));
      });
      this.log.log(`staff member ${id} given a one-time password through escrow by ${actor.id}`);
      return { staff: toView(member), oneTimePassword: password };
    } finally {
      this.crypto.wipe(escrowPrivateKey);
      if (memberKey) this.crypto.wipe(memberKey);
    }
  }

  /** Every problem with an admin's input at once; absent fields are not checked. */
  private async accountErrors(input: { email?: string; name?: string; roles?: string[]; opdCode?: string | null }): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    if (input.email !== undefined) {
      const email = input.email.trim().toLowerCase();
      if (!EMAIL.test(email) || email.length > 254) errors.push({ field: 'email', message: 'staff.email_invalid' });
    }
    if (input.name !== undefined) {
      const name = input.name.trim();
      if (name.length < 1 || name.length > 120) errors.push({ field: 'name', message: 'staff.name_invalid', params: { max: 120 } });
    }
    if (input.roles !== undefined) {
      const unknown = input.roles.find((r) => !(ALL_ROLES as string[]).includes(r));
      if (unknown !== undefined) errors.push({ field: 'roles', message: 'staff.role_unknown', params: { role: unknown.slice(0, 40) } });
      else if (input.roles.length === 0) errors.push({ field: 'roles', message: 'staff.roles_required' });
    }
    if (input.opdCode) {
      if (!(await this.db.query(`SELECT 1 FROM opds WHERE code = $1`, [input.opdCode])).length) {
        errors.push({ field: 'opd', message: 'catalog.opd_unknown' });
      }
    }
    return errors;
  }
}

function groupByRole(rows: { id: string; public_key: Buffer; roles: Role[] }[], roles: Role[]): Map<Role, KeyHolder[]> {
  const byRole = new Map<Role, KeyHolder[]>(roles.map((r) => [r, []]));
  for (const r of rows) {
    for (const role of roles) if (r.roles.includes(role)) byRole.get(role)!.push({ id: r.id, publicKey: r.public_key });
  }
  return byRole;
}

function toView(s: StaffEntity): StaffView {
  return { id: s.id, email: s.email, name: s.name, roles: s.roles, opdCode: s.opdCode, active: s.active };
}

function toAccountView(s: StaffEntity, now: Date): StaffAccountView {
  return {
    ...toView(s),
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

/**
 * Locks the active admins' rows, always in the same order, so two admins demoting or
 * deactivating each other at the same moment cannot both succeed and leave no admin.
 */
async function lockActiveAdmins(m: EntityManager): Promise<string[]> {
  const rows: { id: string }[] = await m.query(`SELECT id FROM staff WHERE active AND roles @> ARRAY['admin']::text[] ORDER BY id FOR UPDATE`);
  return rows.map((r) => r.id);
}

/** Ends every open session of the member; returns how many were open. */
async function endSessions(m: EntityManager, staffId: string, now: Date): Promise<number> {
  // A CTE so the driver returns plain rows (a bare UPDATE comes back as [rows, count]).
  const [row]: { n: number }[] = await m.query(
    `WITH u AS (UPDATE staff_sessions SET ended_at = $2 WHERE staff_id = $1 AND ended_at IS NULL RETURNING 1) SELECT count(*)::int AS n FROM u`,
    [staffId, now],
  );
  return row.n;
}

/** 20 characters from an unambiguous alphabet, grouped for reading aloud or typing. */
function oneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const chars = Array.from({ length: 20 }, () => alphabet[randomInt(alphabet.length)]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}
