// The words that go with each kind (mail texts, kind names): whoever reacts to an alert renders them.
import './alerts.i18n';
/**
 * The kinds of unusual activity the app watches (issue 16). Kind names are stable: they key the
 * once-per-window record, the metrics' `kind` label, the audit detail and the mail texts.
 */
export const ALERT_KINDS = ['submissions-surge', 'staff-sign-in-failures', 'receipt-failures', 'mail-parked', 'events-parked', 'audit-chain-broken', 'disk-nearly-full'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** What one look at one kind's figure found. */
export interface AlertReading {
  kind: AlertKind;
  /**
   * The figure now: reports this hour, failed attempts this window, parked items, per cent of the
   * disk in use; for a broken audit chain the number (seq) of the first broken entry, 0 if intact.
   */
  figure: number;
  /** At or above it the alert is raised; null where any finding is one (the audit chain). */
  threshold: number | null;
  /** The window the alert is raised once in: its start and length. */
  windowStart: Date;
  windowMinutes: number;
  /** The figure left its usual range. */
  raised: boolean;
}

/** Where a member looks first, under PUBLIC_URL (what the mail links to). */
export const WHERE_TO_LOOK: Readonly<Record<AlertKind, string>> = {
  'submissions-surge': '/staff/cases',
  'staff-sign-in-failures': '/staff/audit?action=staff.sign-in-failed',
  'receipt-failures': '/staff/audit?action=reporter.sign-in-failed',
  'mail-parked': '/staff/admin/mail',
  'events-parked': '/health',
  'audit-chain-broken': '/staff/audit',
  'disk-nearly-full': '/health',
};
