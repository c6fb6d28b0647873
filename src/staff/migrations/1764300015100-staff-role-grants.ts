import type { QueryRunner } from 'typeorm';
import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * Separation of duties (DESIGN.md §4, issue 10).
 *
 * - `staff_role_grants`: a grant of `admin`, `supervisor` or `custodian` made through the pages or
 *   the API waits here until a second admin confirms it. The database itself refuses a decision by
 *   the admin who proposed it, and keeps one pending grant per member and role. Decided rows stay
 *   as the record of who proposed and who confirmed or rejected.
 * - `staff.roles` may be empty: a member created with only such a role holds no role until the
 *   second admin confirms. They can sign in, change their password and enrol two-step sign-in,
 *   and nothing else.
 */
export const StaffRoleGrants1764300015100 = sqlMigration('StaffRoleGrants1764300015100', {
  up: [
    `
      CREATE TABLE staff_role_grants (
        id uuid PRIMARY KEY,
        staff_id uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('admin', 'supervisor', 'custodian')),
        proposed_by uuid NOT NULL REFERENCES staff(id),
        proposed_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'rejected')),
        decided_by uuid REFERENCES staff(id),
        decided_at timestamptz,
        CHECK ((status = 'pending') = (decided_at IS NULL)),
        CHECK ((status = 'pending') = (decided_by IS NULL)),
        -- Two people: nobody confirms their own proposal, and nobody proposes a grant to themselves.
        CHECK (status <> 'confirmed' OR decided_by <> proposed_by),
        CHECK (proposed_by <> staff_id)
      )`,
    `CREATE UNIQUE INDEX staff_role_grants_pending_key ON staff_role_grants (staff_id, role) WHERE status = 'pending'`,
    `ALTER TABLE staff DROP CONSTRAINT staff_roles_check`,
    `ALTER TABLE staff ADD CONSTRAINT staff_roles_check CHECK (roles <@ ARRAY['admin', 'supervisor', 'inspector', 'custodian', 'auditor']::text[])`,
  ],
  down: [
    refuseWhileRoleless,
    `ALTER TABLE staff DROP CONSTRAINT staff_roles_check`,
    `ALTER TABLE staff ADD CONSTRAINT staff_roles_check CHECK (cardinality(roles) >= 1
      AND roles <@ ARRAY['admin', 'supervisor', 'inspector', 'custodian', 'auditor']::text[])`,
    `DROP TABLE staff_role_grants`,
  ],
});

/** The restored check wants at least one role: members still waiting for their first grant would break it. */
async function refuseWhileRoleless(q: QueryRunner): Promise<void> {
  const [{ n }]: { n: number }[] = await q.query(`SELECT count(*)::int AS n FROM staff WHERE cardinality(roles) = 0`);
  if (n > 0) {
    throw new Error(`${n} staff account(s) hold no role while a grant awaits confirmation: confirm or reject those grants (or give the accounts a role) before undoing this migration.`);
  }
}
