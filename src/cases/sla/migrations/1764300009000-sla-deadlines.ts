import type { QueryRunner } from 'typeorm';
import { sqlMigration } from '../../../platform/database/sql-migration';
import holidays2026 from '../seed-data/holidays-2026.json';

/**
 * SLA deadlines (DESIGN.md §6): the holiday table of the working-day calendar (seeded with the
 * 2026 national holidays and cuti bersama; admins add later years), and each open stage's due
 * time on the case it belongs to, indexed by due time so due cases are found without a scan.
 */
export const SlaDeadlines1764300009000 = sqlMigration('SlaDeadlines1764300009000', {
  up: [
    `
      CREATE TABLE holidays (
        date date PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('national', 'cuti_bersama', 'local')),
        name text NOT NULL CHECK (length(name) BETWEEN 2 AND 200)
      )`,
    seedHolidays,
    `
      CREATE TABLE case_deadlines (
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('verification', 'investigation')),
        started_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        working_days integer NOT NULL CHECK (working_days > 0),
        PRIMARY KEY (case_id, kind),
        CHECK (due_at > started_at)
      )`,
    `CREATE INDEX case_deadlines_due_idx ON case_deadlines (due_at)`,
  ],
  down: [`DROP TABLE case_deadlines`, `DROP TABLE holidays`],
});

/** The 2026 national holidays and cuti bersama. */
async function seedHolidays(q: QueryRunner): Promise<void> {
  for (const h of holidays2026.holidays) {
    await q.query(`INSERT INTO holidays (date, kind, name) VALUES ($1, $2, $3)`, [h.date, h.kind, h.name]);
  }
}
