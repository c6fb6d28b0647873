import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../platform/clock/clock';
import { CryptoService } from '../platform/crypto';
import { AppSettingEntity } from './staff.entity';

const ESCROW_KEY = 'escrow_public_key';

/**
 * The organisation's escrow key pair (DESIGN.md §4): every staff private key is also sealed to
 * its public half, so an admin reset or a lost password never loses access to cases. The private
 * half is shown once when it is created, for offline keeping, and never stored.
 */
@Injectable()
export class EscrowService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
  ) {}

  /** The escrow public key, creating the pair on first use; `created` carries the private half. */
  async ensure(manager: EntityManager = this.db.manager): Promise<{ publicKey: Buffer; createdPrivateKey?: Buffer }> {
    const existing = await manager.findOne(AppSettingEntity, { where: { key: ESCROW_KEY } });
    if (existing) return { publicKey: Buffer.from(existing.value as string, 'base64') };
    const pair = this.crypto.generateKeyPair();
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(AppSettingEntity)
      .values({ key: ESCROW_KEY, value: pair.publicKey.toString('base64'), updatedAt: this.clock.now() })
      .orIgnore()
      .returning('key')
      .execute();
    if (inserted.raw.length === 0) return this.ensure(manager); // another process made it first
    return { publicKey: pair.publicKey, createdPrivateKey: pair.privateKey };
  }

  /** The escrow public key, or null before the first staff member exists. Never creates it. */
  async publicKey(manager: EntityManager = this.db.manager): Promise<Buffer | null> {
    const existing = await manager.findOne(AppSettingEntity, { where: { key: ESCROW_KEY } });
    return existing ? Buffer.from(existing.value as string, 'base64') : null;
  }
}
