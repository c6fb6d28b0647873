import { medianOfHistogram } from '../insights';
import { windowOf } from '../platform/http/rate-limit/counter-store';
import type { AlertSettings } from '../platform/config/app-config';
import type { AlertKind, AlertReading } from './events/alert-kinds';

/**
 * The alert rules (docs/operations.md, "Alerts"): pure functions from figures to a reading, so
 * each rule is tested with fixed figures. Windows are fixed and aligned to the epoch (like the
 * rate limits), so every instance and every run agree on which window "now" falls in without
 * agreeing on anything but the clock; the offset of WITA is whole hours, so hour windows are
 * local clock hours too.
 */

const MINUTE_MS = 60_000;

/** The start of the fixed window of `minutes` that `now` falls in. */
export function windowStartOf(now: Date, minutes: number): Date {
  const ms = minutes * MINUTE_MS;
  return new Date(windowOf(ms, now).index * ms);
}

/**
 * Reports this clock hour against the recent norm: raised at or above
 * max(minPerHour, ceil(factor × median of the previous hours)). The median, not the mean: one
 * earlier burst does not lift the norm, and quiet nights do not make every busy morning look
 * unusual more than the floor allows. `previousHours` holds one count per hour, zeros included.
 */
export function submissionsSurge(now: Date, thisHour: number, previousHours: readonly number[], s: AlertSettings['submissions']): AlertReading {
  const median = medianOfHistogram(previousHours.map((count) => ({ value: count, count: 1 }))) ?? 0;
  const threshold = Math.max(s.minPerHour, Math.ceil(s.factor * median));
  return { kind: 'submissions-surge', figure: thisHour, threshold, windowStart: windowStartOf(now, 60), windowMinutes: 60, raised: thisHour >= threshold };
}

/** Failed attempts (staff sign-ins, receipts) counted in the current fixed window: raised at or above the threshold. */
export function failedAttemptsBurst(kind: 'staff-sign-in-failures' | 'receipt-failures', now: Date, count: number, threshold: number, windowMinutes: number): AlertReading {
  return { kind, figure: count, threshold, windowStart: windowStartOf(now, windowMinutes), windowMinutes, raised: count >= threshold };
}

/**
 * A condition that lasts until someone acts (parked mail or events): raised at or above the
 * threshold, and told again once per `repeatHours` while it lasts.
 */
export function lastingCondition(kind: Extract<AlertKind, 'mail-parked' | 'events-parked'>, now: Date, count: number, threshold: number, repeatHours: number): AlertReading {
  return { kind, figure: count, threshold, windowStart: windowStartOf(now, repeatHours * 60), windowMinutes: repeatHours * 60, raised: count >= threshold };
}

/** What fs.statfs reports, in blocks. */
export interface DiskBlocks {
  blocks: number;
  bfree: number;
  bavail: number;
}

/**
 * Per cent of the file system in use, as `df` shows it (used over what users may fill: blocks
 * kept for root do not count as room), rounded up so the figure matches what an operator reads.
 */
export function diskUsedPercent(d: DiskBlocks): number {
  const used = d.blocks - d.bfree;
  const usable = used + d.bavail;
  return usable <= 0 ? 0 : Math.ceil((used / usable) * 100);
}

export function diskNearlyFull(now: Date, d: DiskBlocks, thresholdPercent: number, repeatHours: number): AlertReading {
  const figure = diskUsedPercent(d);
  return { kind: 'disk-nearly-full', figure, threshold: thresholdPercent, windowStart: windowStartOf(now, repeatHours * 60), windowMinutes: repeatHours * 60, raised: figure >= thresholdPercent };
}

/** The daily verification's finding: any broken link is an alert; the figure names the first broken entry. */
export function auditChainBroken(now: Date, verified: { ok: boolean; firstBroken?: { seq: number } }, repeatHours: number): AlertReading {
  return {
    kind: 'audit-chain-broken',
    figure: verified.ok ? 0 : (verified.firstBroken?.seq ?? 0),
    threshold: null,
    windowStart: windowStartOf(now, repeatHours * 60),
    windowMinutes: repeatHours * 60,
    raised: !verified.ok,
  };
}

/** One count per hour for the `hours` hours before `hourStart`, oldest first, from sparse per-hour counts keyed by the hour's start (epoch ms). */
export function hourlySeries(hourStart: Date, hours: number, counts: ReadonlyMap<number, number>): number[] {
  const series: number[] = [];
  for (let i = hours; i >= 1; i--) series.push(counts.get(hourStart.getTime() - i * 60 * MINUTE_MS) ?? 0);
  return series;
}
