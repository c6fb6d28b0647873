import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * The inspectorate's own name, contact details, page texts and logo (issue 16): one row at most.
 * `texts` holds only the values an admin changed from the built-in defaults, by form name
 * (`org_name_id`, `phone`, …), so a fresh install — no row — reads exactly as before.
 */
export const Branding1764300019200 = sqlMigration('Branding1764300019200', {
  up: [
    `
      CREATE TABLE branding (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        texts jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(texts) = 'object'),
        logo bytea,
        logo_type text CHECK (logo_type IN ('image/png', 'image/svg+xml')),
        logo_hash text CHECK (logo_hash ~ '^[0-9a-f]{16}$'),
        updated_at timestamptz NOT NULL,
        updated_by uuid NOT NULL,
        CHECK ((logo IS NULL) = (logo_type IS NULL) AND (logo IS NULL) = (logo_hash IS NULL)),
        CHECK (logo IS NULL OR octet_length(logo) <= 102400)
      )`,
  ],
  down: [`DROP TABLE branding`],
});
