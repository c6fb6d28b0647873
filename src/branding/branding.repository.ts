import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { BrandValues } from './branding-fields';
import type { Logo, LogoType } from './logo-check';

export interface StoredBranding {
  /** Only the values that differ from the defaults. */
  texts: BrandValues;
  logo: Logo | null;
}

/** The one branding row (migration 1764300019200); no row means every default. */
@Injectable()
export class BrandingRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async load(m: EntityManager | DataSource = this.db, forUpdate = false): Promise<StoredBranding> {
    const [row]: { texts: BrandValues; logo: Buffer | null; logo_type: LogoType | null; logo_hash: string | null }[] = await m.query(
      `SELECT texts, logo, logo_type, logo_hash FROM branding WHERE singleton${forUpdate ? ' FOR UPDATE' : ''}`,
    );
    if (!row) return { texts: {}, logo: null };
    return { texts: row.texts, logo: row.logo && row.logo_type && row.logo_hash ? { bytes: row.logo, type: row.logo_type, hash: row.logo_hash } : null };
  }

  async save(m: EntityManager, next: StoredBranding, at: Date, actorId: string): Promise<void> {
    await m.query(
      `INSERT INTO branding (singleton, texts, logo, logo_type, logo_hash, updated_at, updated_by) VALUES (true, $1, $2, $3, $4, $5, $6)
       ON CONFLICT (singleton) DO UPDATE SET texts = EXCLUDED.texts, logo = EXCLUDED.logo, logo_type = EXCLUDED.logo_type,
         logo_hash = EXCLUDED.logo_hash, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
      [JSON.stringify(next.texts), next.logo?.bytes ?? null, next.logo?.type ?? null, next.logo?.hash ?? null, at, actorId],
    );
  }
}
