import type { QueryRunner } from 'typeorm';
import { sqlMigration } from '../platform/database/sql-migration';
import { CATEGORY_SEED, OPD_SEED as opdSeed } from '../catalog';

/**
 * The first schema, written before each module registered its own migrations (so it stays
 * here, in the composition root, rather than in one module). The reporter's channel: reference data (categories, OPDs), staff with their key material,
 * cases with encrypted content, sealed keys, messages, attachments and reporter sessions.
 * Only routing/statistics metadata is stored in clear (DESIGN.md §4).
 */
export const ReporterChannel1764300000000 = sqlMigration('ReporterChannel1764300000000', {
  up: [
    `
      CREATE TABLE app_settings (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
    `
      CREATE TABLE categories (
        code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
        name_id text NOT NULL CHECK (length(name_id) BETWEEN 2 AND 120),
        name_en text NOT NULL CHECK (length(name_en) BETWEEN 2 AND 120),
        description_id text NOT NULL DEFAULT '' CHECK (length(description_id) <= 500),
        description_en text NOT NULL DEFAULT '' CHECK (length(description_en) <= 500),
        sort_order integer NOT NULL DEFAULT 0,
        active boolean NOT NULL DEFAULT true
      )`,
    `
      CREATE TABLE opds (
        code text PRIMARY KEY CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,39}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
        kind text NOT NULL CHECK (kind IN ('unit', 'kecamatan', 'kelurahan', 'rsud', 'bumd', 'other')),
        active boolean NOT NULL DEFAULT true
      )`,
    `
      CREATE TABLE staff (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND length(email) <= 254 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        roles text[] NOT NULL CHECK (cardinality(roles) >= 1
          AND roles <@ ARRAY['admin', 'supervisor', 'inspector', 'custodian', 'auditor']::text[]),
        opd_code text REFERENCES opds(code),
        language text NOT NULL DEFAULT 'id' CHECK (language IN ('id', 'en')),
        active boolean NOT NULL DEFAULT true,
        must_change_password boolean NOT NULL DEFAULT true,
        public_key bytea NOT NULL CHECK (length(public_key) = 32),
        private_key_wrapped bytea NOT NULL,
        kdf_salt bytea NOT NULL,
        kdf_params jsonb NOT NULL,
        private_key_escrow bytea NOT NULL,
        failed_logins integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
        locked_until timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
    `CREATE UNIQUE INDEX staff_email_key ON staff (email)`,
    `CREATE INDEX staff_roles_idx ON staff USING gin (roles)`,
    `
      CREATE TABLE staff_sessions (
        id uuid PRIMARY KEY,
        staff_id uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
        private_key_wrapped bytea NOT NULL,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        ended_at timestamptz,
        CHECK (expires_at > created_at)
      )`,
    `CREATE INDEX staff_sessions_open_idx ON staff_sessions (staff_id) WHERE ended_at IS NULL`,
    `CREATE SEQUENCE case_number_seq`,
    `
      CREATE TABLE cases (
        id uuid PRIMARY KEY,
        number text NOT NULL UNIQUE,
        receipt_lookup bytea NOT NULL UNIQUE CHECK (length(receipt_lookup) = 32),
        reporter_salt bytea NOT NULL CHECK (length(reporter_salt) = 32),
        reporter_content_key bytea NOT NULL,
        reporter_identity_key bytea,
        category_code text NOT NULL REFERENCES categories(code),
        opd_code text REFERENCES opds(code),
        channel text NOT NULL CHECK (channel IN ('web', 'api', 'phone', 'letter', 'in_person', 'email')),
        anonymous boolean NOT NULL,
        status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'verifying', 'investigating', 'closed')),
        outcome text CHECK (outcome IN ('substantiated', 'not_substantiated', 'referred', 'rejected', 'duplicate')),
        report bytea NOT NULL,
        identity bytea,
        submitted_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_reporter_message_at timestamptz,
        last_inspectorate_message_at timestamptz,
        CHECK ((status = 'closed') = (outcome IS NOT NULL)),
        CHECK (anonymous = (identity IS NULL)),
        CHECK ((identity IS NULL) = (reporter_identity_key IS NULL))
      )`,
    // The inbox reads newest first within a status, page by page (keyset on submitted_at, id).
    `CREATE INDEX cases_inbox_idx ON cases (status, submitted_at DESC, id DESC)`,
    `CREATE INDEX cases_submitted_idx ON cases (submitted_at DESC, id DESC)`,
    `
      CREATE TABLE case_keys (
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        staff_id uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('content', 'identity')),
        sealed bytea NOT NULL,
        granted_at timestamptz NOT NULL,
        granted_by uuid REFERENCES staff(id),
        PRIMARY KEY (case_id, staff_id, kind)
      )`,
    `CREATE INDEX case_keys_staff_idx ON case_keys (staff_id, kind)`,
    `
      CREATE TABLE case_status_history (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        from_status text,
        to_status text NOT NULL,
        outcome text,
        actor_staff_id uuid REFERENCES staff(id),
        reason bytea,
        at timestamptz NOT NULL
      )`,
    `CREATE INDEX case_status_history_case_idx ON case_status_history (case_id, at)`,
    `
      CREATE TABLE case_messages (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        author text NOT NULL CHECK (author IN ('reporter', 'inspectorate')),
        author_staff_id uuid REFERENCES staff(id),
        body bytea NOT NULL,
        created_at timestamptz NOT NULL,
        CHECK ((author = 'inspectorate') = (author_staff_id IS NOT NULL))
      )`,
    `CREATE INDEX case_messages_case_idx ON case_messages (case_id, created_at)`,
    `
      CREATE TABLE case_attachments (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        message_id uuid REFERENCES case_messages(id) ON DELETE CASCADE,
        uploaded_by text NOT NULL CHECK (uploaded_by IN ('reporter', 'inspectorate')),
        file_key bytea NOT NULL,
        meta bytea NOT NULL,
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        chunk_count integer NOT NULL CHECK (chunk_count >= 1),
        created_at timestamptz NOT NULL
      )`,
    `CREATE INDEX case_attachments_case_idx ON case_attachments (case_id, created_at)`,
    `
      CREATE TABLE case_attachment_chunks (
        attachment_id uuid NOT NULL REFERENCES case_attachments(id) ON DELETE CASCADE,
        seq integer NOT NULL CHECK (seq >= 0),
        data bytea NOT NULL,
        PRIMARY KEY (attachment_id, seq)
      )`,
    `
      CREATE TABLE reporter_sessions (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        content_key_wrapped bytea NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        ended_at timestamptz,
        CHECK (expires_at > created_at)
      )`,
    `CREATE INDEX reporter_sessions_expiry_idx ON reporter_sessions (expires_at)`,
    seedCatalog,
  ],
  down: [
    ...[
      'reporter_sessions',
      'case_attachment_chunks',
      'case_attachments',
      'case_messages',
      'case_status_history',
      'case_keys',
      'cases',
      'staff_sessions',
      'staff',
      'opds',
      'categories',
      'app_settings',
    ].map((table) => `DROP TABLE ${table}`),
    `DROP SEQUENCE case_number_seq`,
  ],
});

/** The categories and OPDs an installation starts with (catalog's seed data). */
async function seedCatalog(q: QueryRunner): Promise<void> {
  for (const [i, c] of CATEGORY_SEED.entries()) {
    await q.query(`INSERT INTO categories (code, name_id, name_en, description_id, description_en, sort_order) VALUES ($1, $2, $3, $4, $5, $6)`, [
      c.code,
      c.nameId,
      c.nameEn,
      c.descriptionId,
      c.descriptionEn,
      (i + 1) * 10,
    ]);
  }
  for (const o of opdSeed.opds) {
    await q.query(`INSERT INTO opds (code, name, kind) VALUES ($1, $2, $3)`, [o.code, o.name, o.kind]);
  }
}
