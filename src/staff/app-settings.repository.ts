import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * The deployment's small key-value settings (`app_settings`, owned by staff, which keeps the
 * escrow public key there). Other modules keep a setting of their own through this, under a
 * key prefixed with their name (`sla.last_sweep`), instead of naming the table.
 */
@Injectable()
export class AppSettings {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The stored JSON value, or null when the key was never written. */
  async read<T>(key: string, m: EntityManager = this.db.manager): Promise<T | null> {
    const [row]: { value: T }[] = await m.query(`SELECT value FROM app_settings WHERE key = $1`, [key]);
    return row?.value ?? null;
  }

  /** Writes the value only if the key has none yet; false when it had one (another writer came first). */
  async writeIfAbsent(m: EntityManager, key: string, value: unknown, at: Date): Promise<boolean> {
    const rows: { key: string }[] = await m.query(`INSERT INTO app_settings (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING RETURNING key`, [key, JSON.stringify(value), at]);
    return rows.length > 0;
  }

  async write(m: EntityManager, key: string, value: unknown): Promise<void> {
    await m.query(
      `INSERT INTO app_settings (key, value, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [key, JSON.stringify(value)],
    );
  }
}
