import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * The audit log (DESIGN.md §7): append-only and hash-chained.
 *
 * A request writes its entry in its own transaction, unchained (`seq`, `prev_hash` and `hash`
 * null), so audited reads never wait on one another. The chainer job then gives entries their
 * place in the chain, one process at a time (advisory lock): seq n+1, prev_hash = hash of n,
 * hash = SHA-256(prev_hash ‖ canonical entry). The trigger makes that the only change a row
 * can ever get: no DELETE, no TRUNCATE, and an UPDATE only from unchained to chained with every
 * recorded column unchanged. No foreign keys: the log outlives what it speaks of.
 */
export const AuditLog1764300012000 = sqlMigration('AuditLog1764300012000', {
  up: [
    `
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        actor_type text NOT NULL CHECK (actor_type IN ('staff', 'reporter', 'system')),
        actor_id uuid,
        action text NOT NULL CHECK (action ~ '^[a-z]+(-[a-z]+)*\\.[a-z]+(-[a-z]+)*$'),
        case_id uuid,
        detail text NOT NULL CHECK (length(detail) <= 8000),
        seq bigint UNIQUE,
        prev_hash bytea CHECK (length(prev_hash) = 32),
        hash bytea CHECK (length(hash) = 32),
        CHECK ((seq IS NULL) = (hash IS NULL) AND (seq IS NULL) = (prev_hash IS NULL)),
        CHECK (actor_type <> 'staff' OR actor_id IS NOT NULL)
      )`,
    `CREATE INDEX audit_log_unchained_idx ON audit_log (id) WHERE seq IS NULL`,
    `CREATE INDEX audit_log_at_idx ON audit_log (at)`,
    // Readers page by id (newest first); indexing id rather than seq also keeps chaining cheap:
    // setting seq then touches only the seq and unchained indexes.
    `CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id)`,
    `CREATE INDEX audit_log_case_idx ON audit_log (case_id, id)`,
    `CREATE INDEX audit_log_action_idx ON audit_log (action, id)`,
    `
      CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          IF OLD.seq IS NULL AND NEW.seq IS NOT NULL
             AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor_type = OLD.actor_type
             AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id AND NEW.action = OLD.action
             AND NEW.case_id IS NOT DISTINCT FROM OLD.case_id AND NEW.detail = OLD.detail THEN
            RETURN NEW;
          END IF;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`,
    `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_guard()`,
    `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard()`,
  ],
  down: [`DROP TABLE audit_log`, `DROP FUNCTION audit_log_guard()`],
});
