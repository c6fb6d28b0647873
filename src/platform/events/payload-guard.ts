import type { EventPayload } from './domain-event';
import { UnsafeEventPayload } from './events.errors';

/**
 * Words that name case content or personal data. A payload key containing one of them as a
 * word (`email`, `reporterEmail`, `reporter_name`, `caseTitle`) is refused. This is a cheap
 * safety net, not the rule itself: the rule is "ids and clear metadata only" (DESIGN.md §3),
 * because the outbox is stored in clear and kept. Matching words rather than whole keys means
 * `reporterPhone` is caught too; the price is that an innocent `categoryName` is refused as
 * well, which is the right nudge anyway (send `categoryCode`).
 */
export const CONTENT_KEY_WORDS: ReadonlySet<string> = new Set(['body', 'description', 'narrative', 'name', 'email', 'phone', 'receipt', 'title']);

/** Splits `reporterEmail`, `reporter_email`, `reporter-email`, `REPORTER_EMAIL` into words. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

/**
 * Refuses a payload that is not plain JSON (so what a subscriber reads back is exactly what was
 * published: no Dates turning into strings, no `undefined` turning into `null`, no class
 * instances losing their methods) or that has a key that looks like content. Error messages
 * name the path and the key, never the value.
 */
export function assertSafePayload(payload: EventPayload): void {
  if (!isPlainObject(payload)) throw new UnsafeEventPayload('An event payload must be a plain object.');
  check(payload, '$');
}

function check(value: unknown, path: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new UnsafeEventPayload(`Event payload ${path} is not a finite number.`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (item === undefined) throw new UnsafeEventPayload(`Event payload ${path}[${i}] is undefined.`);
      check(item, `${path}[${i}]`);
    });
    return;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const word = keyWords(key).find((w) => CONTENT_KEY_WORDS.has(w));
      if (word) {
        throw new UnsafeEventPayload(`Event payload key ${path}.${key} looks like case content or personal data ("${word}"); ` + 'events carry ids and clear metadata only.');
      }
      // An absent optional field; JSON drops it, and so does the subscriber's view.
      if (item === undefined) continue;
      check(item, `${path}.${key}`);
    }
    return;
  }
  const kind = value === undefined ? 'undefined' : typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
  throw new UnsafeEventPayload(`Event payload ${path} is a ${kind}, not plain JSON (use ids, strings, numbers, booleans).`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
