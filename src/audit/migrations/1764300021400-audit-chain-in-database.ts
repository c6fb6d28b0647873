import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * The chain's links are computed where the entries are: audit_log_chain(n) gives the next n
 * unchained entries (in id order, locked) their seq, prev_hash and hash, and returns how many.
 *
 * The hash is the one audit-chain.ts defines, SHA-256(prev_hash ‖ UTF-8 of the JSON array
 * [seq, at as ISO text in UTC to the millisecond, actor_type, actor_id, action, case_id,
 * detail]). PostgreSQL's to_json escapes text as JSON.stringify does (", \, \b \f \n \r \t, and
 * \u00xx below a space), and `at` is written exactly as the verifier reads it back, so
 * `audit:verify`, which recomputes every link in Node from the stored text, checks this function
 * too (test/audit-chain-sql.db-spec.ts runs both over hostile text).
 *
 * Why here and not in Node (docs/decisions.md, "The audit chain is linked in PostgreSQL"): a round
 * in Node read every entry back, hashed it and sent the links again; every inbox page writes an
 * entry, and a round every second was a 10–15 ms block of the server's event loop that the
 * requests around it waited out.
 *
 * Bitmap scans are off for the function alone: chaining leaves each entry's unchained version
 * in the partial index until VACUUM, and a bitmap scan revisits all of them on every round while
 * an ordered index scan marks them dead once. Measured on the inbox bench's database (260,000
 * dead versions, autovacuum off as on the CI machine): 196–325 ms a round as a bitmap scan, 3 ms
 * as an index scan. The generic plan of the loop's query walks audit_log_unchained_idx in order.
 */
export const AuditChainInDatabase1764300021400 = sqlMigration('AuditChainInDatabase1764300021400', {
  up: [
    `
      CREATE FUNCTION audit_log_chain(max_entries integer) RETURNS integer
      LANGUAGE plpgsql SET enable_bitmapscan = off AS $$
      DECLARE
        n bigint;
        prev bytea;
        h bytea;
        e record;
        ids bigint[] := '{}';
        seqs bigint[] := '{}';
        prevs bytea[] := '{}';
        hashes bytea[] := '{}';
      BEGIN
        SELECT seq, hash INTO n, prev FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1;
        IF n IS NULL THEN
          n := 0;
          prev := decode(repeat('00', 32), 'hex');
        END IF;
        FOR e IN
          SELECT id, at, actor_type, actor_id, action, case_id, detail FROM audit_log
           WHERE seq IS NULL ORDER BY id LIMIT max_entries FOR UPDATE
        LOOP
          n := n + 1;
          h := sha256(prev || convert_to(
                 '[' || n::text
                 || ',' || to_json(to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text
                 || ',' || to_json(e.actor_type)::text
                 || ',' || coalesce(to_json(e.actor_id::text)::text, 'null')
                 || ',' || to_json(e.action)::text
                 || ',' || coalesce(to_json(e.case_id::text)::text, 'null')
                 || ',' || to_json(e.detail)::text
                 || ']', 'UTF8'));
          ids := ids || e.id;
          seqs := seqs || n;
          prevs := prevs || prev;
          hashes := hashes || h;
          prev := h;
        END LOOP;
        UPDATE audit_log a SET seq = x.seq, prev_hash = x.prev_hash, hash = x.hash
          FROM unnest(ids, seqs, prevs, hashes) AS x (id, seq, prev_hash, hash)
         WHERE a.id = x.id;
        RETURN cardinality(ids);
      END
      $$`,
  ],
  down: [`DROP FUNCTION audit_log_chain(integer)`],
});
