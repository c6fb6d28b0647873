import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * Requests to learn a reporter's identity. The justification is case content, but custodians
 * must read it without reading the case: it is encrypted with a per-request key that is sealed
 * to each custodian and wrapped under the case content key for the case's readers.
 */
export const IdentityRequests1764300004000 = sqlMigration('IdentityRequests1764300004000', {
  up: [
    `
      CREATE TABLE identity_requests (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        requester_id uuid NOT NULL REFERENCES staff(id),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
        request_key_wrapped bytea NOT NULL,
        justification bytea NOT NULL,
        decided_by uuid REFERENCES staff(id),
        decision_reason bytea,
        created_at timestamptz NOT NULL,
        decided_at timestamptz,
        CHECK ((status = 'pending') = (decided_at IS NULL)),
        CHECK ((status = 'pending') = (decided_by IS NULL))
      )`,
    // One open request per inspector and case.
    `CREATE UNIQUE INDEX identity_requests_one_pending ON identity_requests (case_id, requester_id) WHERE status = 'pending'`,
    `CREATE INDEX identity_requests_pending_idx ON identity_requests (created_at) WHERE status = 'pending'`,
    `
      CREATE TABLE identity_request_keys (
        request_id uuid NOT NULL REFERENCES identity_requests(id) ON DELETE CASCADE,
        staff_id uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
        sealed bytea NOT NULL,
        PRIMARY KEY (request_id, staff_id)
      )`,
  ],
  down: [`DROP TABLE identity_request_keys`, `DROP TABLE identity_requests`],
});
