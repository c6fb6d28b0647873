/**
 * A job's reference time given by an operator (`--now` of `sla:sweep` and `retention:purge`).
 * It moves what the job considers due, nothing else (see SlaSweepJob.run). Because a time in
 * the future makes the job act early for real (breach mail for deadlines not yet missed, cases
 * purged before their retention ends), such a time needs `--dry-run` or an explicit `--force`.
 */

/** How far ahead of the real clock `--now` may be without `--force`: clock skew between hosts. */
export const MAX_AHEAD_MS = 5 * 60_000;
/** Years a reference time may fall in: the range the holiday table accepts. */
export const YEARS = { min: 2000, max: 2200 } as const;

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/** An ISO-8601 time with a zone, as an instant; a message naming the problem otherwise. */
export function parseReferenceTime(value: string): Date | string {
  const m = ISO.exec(value);
  if (!m) return `--now must be an ISO-8601 time with a zone, e.g. 2026-12-01T09:00:00+08:00 (got "${value}")`;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  if (year < YEARS.min || year > YEARS.max) return `--now must fall in the years ${YEARS.min} to ${YEARS.max} (got "${value}")`;
  // Date.parse rolls 30 February over into March: compare the fields with what they became.
  const fields = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const real =
    fields.getUTCFullYear() === year &&
    fields.getUTCMonth() === month - 1 &&
    fields.getUTCDate() === day &&
    fields.getUTCHours() === hour &&
    fields.getUTCMinutes() === minute &&
    fields.getUTCSeconds() === second;
  const offsetOk = m[7] === 'Z' || (Number(m[9]) <= 14 && Number(m[10]) < 60);
  if (!real || !offsetOk) return `--now is not a real date and time: "${value}"`;
  return new Date(value);
}

export type ReferenceTimeCheck = { ok: true; warning?: string } | { ok: false; error: string };

/**
 * Whether a job may run for real as of `at`. A time in the past re-runs what was due then
 * (after an outage, say); a time ahead of the real clock is refused unless the run only shows
 * what it would do (`dryRun`) or the operator insists (`force`, with a warning).
 */
export function checkReferenceTime(at: Date, realNow: Date, opts: { dryRun: boolean; force: boolean }): ReferenceTimeCheck {
  if (opts.dryRun || at.getTime() - realNow.getTime() <= MAX_AHEAD_MS) return { ok: true };
  const ahead = `${at.toISOString()} is ${describeAhead(at.getTime() - realNow.getTime())} ahead of this machine's clock (${realNow.toISOString()})`;
  if (!opts.force) {
    return {
      ok: false,
      error: `--now ${ahead}: the job would act for real on what is not due yet. Use --dry-run to see what it would do, or --force to do it anyway.`,
    };
  }
  return { ok: true, warning: `WARNING: --now ${ahead}; --force given, so the job acts for real on what is not due yet.` };
}

function describeAhead(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} hours` : `${Math.round(hours / 24)} days`;
}
