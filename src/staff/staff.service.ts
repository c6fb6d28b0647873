import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { kdfParamsFor } from './kdf-params';
import { preparedQuery } from '../platform/database/prepared-query';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../platform/clock/clock';
import { CryptoService } from '../platform/crypto';
import { ValidationFailed, FieldError } from '../platform/http/domain-error';
import { EscrowService } from './escrow.service';
import { assertPasswordAcceptable } from './password-policy';
import { Role } from './role';
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
  /** Set when this call created the organisation's escrow key pair: shown once, keep offline. */
  escrowPrivateKey?: string;
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
  ) {}

  static readonly KEY_HOLDERS_TTL_MS = 2_000;
  private holders: { at: number; rows: { id: string; public_key: Buffer; roles: Role[] }[] } | null = null;

  /** Forget the cached key holders (after a change to staff, roles or activation). */
  invalidateKeyHolders(): void {
    this.holders = null;
    this.holdersGeneration++;
  }

  private holdersGeneration = 0;

  async create(input: { email: string; name: string; roles: Role[]; password?: string; opdCode?: string | null }): Promise<CreatedStaff> {
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
      this.log.log(`staff member ${entity.id} created with roles ${input.roles.join(',')}`);
      return {
        staff: toView(entity),
        oneTimePassword: input.password === undefined ? password : undefined,
        escrowPrivateKey: escrow.createdPrivateKey?.toString('base64'),
      };
    });
    // After the commit, so no concurrent read caches the list without the new member.
    this.invalidateKeyHolders();
    return created;
  }

  async count(): Promise<number> {
    return this.db.getRepository(StaffEntity).count();
  }

  async findView(id: string): Promise<StaffView | null> {
    const s = await this.db.getRepository(StaffEntity).findOne({ where: { id } });
    return s ? toView(s) : null;
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

/** 20 characters from an unambiguous alphabet, grouped for reading aloud or typing. */
function oneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const chars = Array.from({ length: 20 }, () => alphabet[randomInt(alphabet.length)]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}
