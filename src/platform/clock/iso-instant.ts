/**
 * `d.toISOString()`, about 2.5 times faster: V8's own costs ~1.1 µs a call, and the inbox's JSON
 * writes ~50 instants a page (bench/inbox). Years outside 1000–9999 and invalid dates are left to
 * toISOString itself (so an invalid date still throws its RangeError).
 */
export function isoInstant(d: Date): string {
  const y = d.getUTCFullYear();
  if (!(y >= 1000 && y <= 9999)) return d.toISOString();
  return `${y}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${three(d.getUTCMilliseconds())}Z`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function three(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`;
}
