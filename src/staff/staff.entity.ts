import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from './role';
import type { KdfParams } from '../platform/crypto';

@Entity({ name: 'staff' })
export class StaffEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') email: string;
  @Column('text') name: string;
  @Column('text', { array: true }) roles: Role[];
  @Column('text', { name: 'opd_code', nullable: true }) opdCode: string | null;
  @Column('text') language: 'id' | 'en';
  @Column('boolean') active: boolean;
  @Column('boolean', { name: 'must_change_password' }) mustChangePassword: boolean;
  @Column('bytea', { name: 'public_key' }) publicKey: Buffer;
  @Column('bytea', { name: 'private_key_wrapped' }) privateKeyWrapped: Buffer;
  @Column('bytea', { name: 'kdf_salt' }) kdfSalt: Buffer;
  @Column('jsonb', { name: 'kdf_params' }) kdfParams: KdfParams;
  @Column('bytea', { name: 'private_key_escrow' }) privateKeyEscrow: Buffer;
  @Column('integer', { name: 'failed_logins' }) failedLogins: number;
  @Column('timestamptz', { name: 'locked_until', nullable: true }) lockedUntil: Date | null;
  /** Encrypted under a key from the private key (totp/totp-secret-box.ts); set once enrolment starts. */
  @Column('bytea', { name: 'totp_secret', nullable: true }) totpSecret: Buffer | null;
  /** NULL until the first code confirms enrolment; sign-in asks for a code only after. */
  @Column('timestamptz', { name: 'totp_enrolled_at', nullable: true }) totpEnrolledAt: Date | null;
  /** bigint comes back from the driver as a string. */
  @Column('bigint', { name: 'totp_last_step', nullable: true }) totpLastStep: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity({ name: 'staff_sessions' })
export class StaffSessionEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'staff_id' }) staffId: string;
  /** The staff member's private key, wrapped under a session key that only their cookie holds. */
  @Column('bytea', { name: 'private_key_wrapped' }) privateKeyWrapped: Buffer;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'last_seen_at' }) lastSeenAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt: Date | null;
}

@Entity({ name: 'app_settings' })
export class AppSettingEntity {
  @PrimaryColumn('text') key: string;
  @Column('jsonb') value: unknown;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
