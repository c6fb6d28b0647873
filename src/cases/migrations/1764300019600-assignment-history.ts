import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * Who was put on a case and taken off it, by whom and why (issue 15). An override of a conflict
 * of interest keeps its reason here with the inspector it was written for, also after that
 * inspector leaves the case; unassignments and recusals always carry a reason. Reasons are case
 * content, encrypted with the case content key. A recusal also marks the inspector as
 * conflicted for the case from then on.
 */
export const AssignmentHistory1764300019600 = sqlMigration('AssignmentHistory1764300019600', {
  up: [
    `
      CREATE TABLE case_assignment_history (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        inspector_id uuid NOT NULL REFERENCES staff(id),
        action text NOT NULL CHECK (action IN ('assigned', 'unassigned', 'recused')),
        actor_id uuid NOT NULL REFERENCES staff(id),
        at timestamptz NOT NULL,
        conflicts text[] NOT NULL DEFAULT '{}' CHECK (conflicts <@ ARRAY['named_in_report', 'recused', 'same_opd']::text[]),
        reason bytea,
        CHECK (action = 'assigned' OR cardinality(conflicts) = 0)
      )`,
    `CREATE INDEX case_assignment_history_case_idx ON case_assignment_history (case_id, at)`,
    // Recusals from before: the audit log names the case and the inspector (their reason stays in the notes).
    `
      INSERT INTO case_assignment_history (id, case_id, inspector_id, action, actor_id, at)
      SELECT gen_random_uuid(), a.case_id, a.actor_id, 'recused', a.actor_id, a.at
        FROM audit_log a
       WHERE a.action = 'cases.inspector-recused' AND a.case_id IS NOT NULL AND a.actor_id IS NOT NULL
         AND EXISTS (SELECT 1 FROM cases c WHERE c.id = a.case_id) AND EXISTS (SELECT 1 FROM staff s WHERE s.id = a.actor_id)`,
  ],
  down: [`DROP TABLE case_assignment_history`],
});
