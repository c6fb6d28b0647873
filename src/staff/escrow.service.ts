import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../platform/clock/clock';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { CryptoService } from '../platform/crypto';
import { escrowKeyId, parseEscrowKeyText, writeEscrowKeyFile } from './escrow-key-file';
import { combineEscrowShares, parseEscrowShares } from './escrow-shares';
import { EscrowKeyRefused, EscrowSharesRefused } from './staff-accounts.errors';
import { AppSettings } from './app-settings.repository';

const ESCROW_KEY = 'escrow_public_key';

/** What an admin gives to prove they hold the escrow key: the key itself, or enough of its shares. */
export interface EscrowKeyInput {
  key: string;
  shares: string[];
}

/**
 * The organisation's escrow key pair (DESIGN.md §4): every staff private key is also sealed to
 * its public half, so an admin reset or a lost password never loses access to cases. The private
 * half is written once, when it is made, to a file under DATA_DIR/secrets for the operator to
 * move offline (escrow-key-file.ts); it is never stored, printed or logged.
 */
@Injectable()
export class EscrowService {
  private readonly log = new Logger(EscrowService.name);

  constructor(
    private readonly settings: AppSettings,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The escrow public key, creating the pair on first use; `createdKeyFile` is where this call
   * wrote the private half. The file is written before the public key commits: a start that fails
   * in between leaves a file nobody needs (its key id matches no database), never a database
   * whose escrow key is lost. Hence `manager` must be a transaction's.
   */
  async ensure(manager: EntityManager): Promise<{ publicKey: Buffer; createdKeyFile?: string }> {
    const existing = await this.publicKey(manager);
    if (existing) return { publicKey: existing };
    const pair = this.crypto.generateKeyPair();
    try {
      const inserted = await this.settings.writeIfAbsent(manager, ESCROW_KEY, pair.publicKey.toString('base64'), this.clock.now());
      if (!inserted) return this.ensure(manager); // another process made it first
      const createdKeyFile = writeEscrowKeyFile(this.config.dataDir, pair.privateKey, pair.publicKey, this.clock.now());
      this.log.log(`escrow key pair ${escrowKeyId(pair.publicKey)} created; its private half is in ${createdKeyFile}`);
      return { publicKey: pair.publicKey, createdKeyFile };
    } finally {
      this.crypto.wipe(pair.privateKey);
    }
  }

  /** The escrow public key, or null before the first staff member exists. Never creates it. */
  async publicKey(manager?: EntityManager): Promise<Buffer | null> {
    const existing = await this.settings.read<string>(ESCROW_KEY, manager);
    return existing !== null ? Buffer.from(existing, 'base64') : null;
  }

  /**
   * The escrow private key from what an admin typed: the key, or at least the needed shares.
   * Proven against the stored public key before anything uses it; the caller wipes it after use.
   */
  async recover(input: EscrowKeyInput): Promise<{ privateKey: Buffer; publicKey: Buffer }> {
    const shareLines = input.shares.filter((s) => s.trim() !== '');
    const hasKey = input.key.trim() !== '';
    if (hasKey && shareLines.length) throw new EscrowKeyRefused('staff.escrow_key_or_shares');
    const publicKey = await this.publicKey();
    if (!hasKey && shareLines.length) {
      const shares = parseEscrowShares(input.shares);
      const privateKey = await combineEscrowShares(shares, publicKey ? escrowKeyId(publicKey) : '');
      if (!publicKey || !this.crypto.publicKeyOf(privateKey).equals(publicKey)) {
        this.crypto.wipe(privateKey);
        throw new EscrowSharesRefused('staff.escrow_shares_unusable');
      }
      return { privateKey, publicKey };
    }
    const privateKey = parseEscrowKeyText(input.key);
    if (!publicKey || !this.crypto.publicKeyOf(privateKey).equals(publicKey)) {
      this.crypto.wipe(privateKey);
      throw new EscrowKeyRefused('staff.escrow_key_wrong');
    }
    return { privateKey, publicKey };
  }
}
