import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * Letters, phone calls and walk-ins as first-class reports (issue 15). Two clear metadata
 * columns on the case, both only for reports that staff record:
 * - `received_on`: the local date the inspectorate received the report (a letter's date stamp,
 *   the day of the call or visit). The SLA clocks start then, not when it was typed in; web and
 *   API reports leave it empty (received when submitted).
 * - `recorded_by`: the staff member who recorded it (also in the audit log), shown on the case.
 * The letter's own number and date are case content, sealed inside the report
 * (docs/decisions.md, "Offline reports: received-on date, letter number and date").
 */
export const OfflineReceipt1764300020000 = sqlMigration('OfflineReceipt1764300020000', {
  up: [
    `
      ALTER TABLE cases
        ADD COLUMN received_on date,
        ADD COLUMN recorded_by uuid REFERENCES staff (id) ON DELETE SET NULL,
        ADD CONSTRAINT cases_offline_receipt_check CHECK (channel NOT IN ('web', 'api') OR (received_on IS NULL AND recorded_by IS NULL))`,
  ],
  down: [`ALTER TABLE cases DROP CONSTRAINT cases_offline_receipt_check, DROP COLUMN recorded_by, DROP COLUMN received_on`],
});
