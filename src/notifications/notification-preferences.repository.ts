import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export type MailMode = 'immediate' | 'digest';

/** How each staff member wants their mail (notification_preferences); no row: every notice at once. */
@Injectable()
export class NotificationPreferencesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async mailMode(staffId: string): Promise<MailMode> {
    const [row]: { mail_mode: MailMode }[] = await this.db.query(`SELECT mail_mode FROM notification_preferences WHERE staff_id = $1`, [staffId]);
    return row?.mail_mode ?? 'immediate';
  }

  async setMailMode(staffId: string, mode: MailMode, at: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO notification_preferences (staff_id, mail_mode, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (staff_id) DO UPDATE SET mail_mode = EXCLUDED.mail_mode, updated_at = EXCLUDED.updated_at`,
      [staffId, mode, at],
    );
  }

  /** The mail mode of each of `staffIds`, those without a stored choice included. */
  async mailModesOf(staffIds: readonly string[], m: EntityManager = this.db.manager): Promise<Map<string, MailMode>> {
    if (!staffIds.length) return new Map();
    const rows: { staff_id: string; mail_mode: MailMode }[] = await m.query(`SELECT staff_id, mail_mode FROM notification_preferences WHERE staff_id = ANY($1::uuid[])`, [[...new Set(staffIds)]]);
    const stored = new Map(rows.map((r) => [r.staff_id, r.mail_mode]));
    return new Map(staffIds.map((id) => [id, stored.get(id) ?? 'immediate']));
  }
}
