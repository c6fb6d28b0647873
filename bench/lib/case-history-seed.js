'use strict';
/**
 * Cases with their status history, assignments and SLA breaches, made by set-based SQL (a million
 * in a minute or two): submitted one every 63 s up to `now` (as bench/inbox), each moving
 * received → verifying → investigating or closed-rejected → closed after hash-drawn hours, an
 * assignment from verifying on, a verification or investigation breach for about one case in
 * seven, and 20 inspectors. Clear metadata only: the report is filler bytes, nothing decrypts.
 * `db.query(sql)` may be a pg Client's or a test database's. Used by bench/insights and by
 * test/insights-scale and test/insights-counts (through test/support/insights-seed.ts).
 */
async function seedCaseHistory(db, n, now) {
  const NOW = now;
  const q = (sql) => db.query(sql);
  await q(`INSERT INTO staff (id, email, name, roles, public_key, private_key_wrapped, kdf_salt, kdf_params, private_key_escrow, created_at, updated_at)
           SELECT ('00000000-0000-0000-0000-' || lpad(i::text, 12, '0'))::uuid, 'pemeriksa' || i || '@kendarikota.go.id', 'Pemeriksa ' || i,
                  ARRAY['inspector'], sha256(convert_to('k' || i, 'UTF8')), '\\x00', '\\x00', '{}', '\\x00', now(), now()
             FROM generate_series(1, 20) i`);
  // Stage times in hours after submission, drawn from a hash of the position.
  await q(`CREATE TEMP TABLE plan AS
    SELECT n, ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid AS id, s AS submitted_at,
           s + make_interval(hours => 2 + r1 % 120) AS verifying_at,
           s + make_interval(hours => 14 + r1 % 120 + r2 % 200) AS decided_at,
           s + make_interval(hours => 114 + r1 % 120 + r2 % 200 + (r4 * 3) % 2500) AS closed_at,
           r3 < 200 AS rejected, r1, r2, r3, r4
      FROM (SELECT n, timestamptz '${NOW.toISOString()}' - make_interval(secs => (${n} - n) * 63.1) - interval '1 minute' AS s,
                   abs(hashint4(n)) % 1000 AS r1, abs(hashint4(n + 7919)) % 1000 AS r2, abs(hashint4(n + 104729)) % 1000 AS r3, abs(hashint4(n + 1299709)) % 1000 AS r4
              FROM generate_series(1, ${n}) n) x`);
  await q(`ALTER TABLE plan ADD COLUMN status text`);
  await q(`UPDATE plan SET status = CASE WHEN verifying_at > '${NOW.toISOString()}' THEN 'received' WHEN decided_at > '${NOW.toISOString()}' THEN 'verifying'
                                         WHEN rejected THEN 'closed' WHEN closed_at > '${NOW.toISOString()}' THEN 'investigating' ELSE 'closed' END`);
  await q(`INSERT INTO cases (id, number, receipt_lookup, reporter_salt, reporter_content_key, category_code, opd_code, channel, anonymous, status, outcome, track, report, closing_summary, submitted_at, updated_at)
           SELECT id, 'WBS-S-' || n, sha256(convert_to('r' || n, 'UTF8')), sha256(convert_to('s' || n, 'UTF8')), '\\x00',
                  (ARRAY(SELECT code FROM categories ORDER BY code))[1 + r1 % 10],
                  CASE WHEN r2 % 10 = 0 THEN NULL ELSE (ARRAY(SELECT code FROM opds ORDER BY code))[1 + r2 % 44] END,
                  (ARRAY['web', 'api', 'phone', 'letter', 'in_person', 'email'])[1 + r3 % 6], true, status,
                  CASE WHEN status = 'closed' THEN CASE WHEN rejected THEN 'rejected' ELSE (ARRAY['substantiated', 'not_substantiated', 'referred'])[1 + r4 % 3] END END,
                  CASE WHEN status = 'investigating' OR (status = 'closed' AND NOT rejected) THEN 'complaint' END,
                  decode(repeat('ab', 900), 'hex'), CASE WHEN status = 'closed' THEN '\\x01'::bytea END, submitted_at, submitted_at
             FROM plan`);
  await q(`INSERT INTO case_status_history (case_id, from_status, to_status, outcome, at)
           SELECT id, NULL, 'received', NULL, submitted_at FROM plan
           UNION ALL SELECT id, 'received', 'verifying', NULL, verifying_at FROM plan WHERE status <> 'received'
           UNION ALL SELECT id, 'verifying', CASE WHEN rejected THEN 'closed' ELSE 'investigating' END, CASE WHEN rejected THEN 'rejected' END, decided_at
                       FROM plan WHERE status IN ('investigating', 'closed')
           UNION ALL SELECT id, 'investigating', 'closed', (ARRAY['substantiated', 'not_substantiated', 'referred'])[1 + r4 % 3], closed_at
                       FROM plan WHERE status = 'closed' AND NOT rejected`);
  await q(`INSERT INTO case_assignments (case_id, staff_id, assigned_by, assigned_at)
           SELECT id, ('00000000-0000-0000-0000-' || lpad((1 + r2 % 20)::text, 12, '0'))::uuid, '00000000-0000-0000-0000-000000000001', verifying_at
             FROM plan WHERE status <> 'received'`);
  await q(`INSERT INTO sla_breaches (case_id, kind, due_at, breached_at, resolved_at)
           SELECT id, 'verification', submitted_at + interval '72 hours', submitted_at + interval '73 hours', CASE WHEN status <> 'received' THEN verifying_at END
             FROM plan WHERE r1 % 120 > 70 AND r3 % 7 = 0 AND submitted_at + interval '73 hours' < '${NOW.toISOString()}'
           UNION ALL
           SELECT id, 'investigation', decided_at + interval '20 days', decided_at + interval '20 days 1 hour', CASE WHEN status = 'closed' THEN closed_at END
             FROM plan WHERE NOT rejected AND status IN ('investigating', 'closed') AND r4 % 7 = 0
                         AND closed_at - decided_at > interval '20 days 1 hour' AND decided_at + interval '20 days 1 hour' < '${NOW.toISOString()}'`);
  await q(`DROP TABLE plan`);
  await q(`VACUUM ANALYZE`);
}

module.exports = { seedCaseHistory };
