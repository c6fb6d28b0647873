import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../src/migrations';
import { NotificationPreferences1764300020400 } from '../src/notifications/migrations/1764300020400-notification-preferences';
import { migrationDataSourceOptions } from '../src/platform/database/data-source-options';
import { createTestDatabase, TestDatabase } from './support/database';

/**
 * Issue 13: the mail mode moves from `staff.mail_mode` into notifications' own table. A chosen
 * digest survives the move and its undo; the default (every notice at once) is no row.
 */
describe('Migration: notification preferences', () => {
  let db: TestDatabase;
  const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(NotificationPreferences1764300020400));
  const migrate = async (list: typeof MIGRATIONS, what: 'run' | 'undo') => {
    const ds = new DataSource(migrationDataSourceOptions(db.url, 'Asia/Makassar', list));
    await ds.initialize();
    try {
      if (what === 'run') await ds.runMigrations({ transaction: 'all' });
      else await ds.undoLastMigration({ transaction: 'all' });
    } finally {
      await ds.destroy();
    }
  };
  const member = (email: string, mode: string) =>
    db.query<{ id: string }>(
      `INSERT INTO staff (email, name, roles, public_key, private_key_wrapped, kdf_salt, kdf_params, private_key_escrow, created_at, updated_at, mail_mode)
       VALUES ($1, 'Anggota', ARRAY['supervisor'], $2, '\\x00', '\\x00', '{}', '\\x00', now(), now(), $3) RETURNING id`,
      [email, Buffer.alloc(32), mode],
    );

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    await migrate(before, 'run');
  });
  afterAll(() => db.drop());

  it('moves a chosen digest into notification_preferences and back on down', async () => {
    const [digest] = await member('digest@example.go.id', 'digest');
    const [immediate] = await member('now@example.go.id', 'immediate');
    await migrate([...before, NotificationPreferences1764300020400], 'run');
    expect(await db.query(`SELECT staff_id, mail_mode FROM notification_preferences ORDER BY staff_id`)).toEqual([{ staff_id: digest.id, mail_mode: 'digest' }]);
    expect(await db.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'staff' AND column_name = 'mail_mode'`)).toEqual([]);

    await migrate([...before, NotificationPreferences1764300020400], 'undo');
    const modes = await db.query<{ id: string; mail_mode: string }>(`SELECT id, mail_mode FROM staff ORDER BY email`);
    expect(modes).toEqual([
      { id: digest.id, mail_mode: 'digest' },
      { id: immediate.id, mail_mode: 'immediate' },
    ]);
    expect(await db.query(`SELECT to_regclass('notification_preferences') AS t`)).toEqual([{ t: null }]);
  });
});
