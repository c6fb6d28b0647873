import { types as pgTypes } from 'pg';

const TIMESTAMPTZ_OID = 1184;
const parseAny = pgTypes.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => Date | number | null;

/**
 * The pool's type parsers: pg's own, but for timestamptz, the column type of every instant the
 * app reads. pg's parser runs three regular expressions per value; the inbox reads ~80 instants a
 * page, and those were 3 % of the server's CPU and 9 % of what it allocated per page (bench/inbox,
 * CPU and allocation profiles). The usual text is read by hand, anything else by pg's parser.
 */
export const PG_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMPTZ_OID && (format ?? 'text') === 'text') return parseTimestamptz;
    return pgTypes.getTypeParser(oid, format);
  },
};

/**
 * A timestamptz as PostgreSQL writes it with DateStyle ISO: `2026-12-07 04:03:36.928123+08`, the
 * fraction optional, the offset `+08`, `+05:30` or `+00:53:28`. Anything else (a year before 100
 * or after 9999, BC, infinity, another DateStyle) goes to pg's own parser, which this one
 * matches value for value: the fraction is cut to whole milliseconds, as Date does with it.
 */
export function parseTimestamptz(text: string): Date | number | null {
  const fast = readIso(text);
  return fast === null ? parseAny(text) : new Date(fast);
}

/** Milliseconds since the epoch, or null when the text is not in the usual shape. */
function readIso(s: string): number | null {
  if (s.length < 22 || s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH || s.charCodeAt(10) !== SPACE || s.charCodeAt(13) !== COLON || s.charCodeAt(16) !== COLON) return null;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  // Date.UTC reads years 0–99 as 1900–1999: left to pg's parser, which corrects for it.
  if (year < 100 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return null;
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === DOT) {
    i++;
    let scale = 100;
    for (; i < s.length && isDigit(s.charCodeAt(i)); i++) {
      ms += (s.charCodeAt(i) - ZERO) * scale;
      scale /= 10;
    }
    ms = Math.floor(ms);
  }
  const sign = s.charCodeAt(i);
  if (sign !== PLUS && sign !== DASH) return null;
  let offset = 0;
  for (let p = 0, at = i + 1; ; p++, at += 3) {
    const v = digits(s, at, 2);
    if (v < 0) return null;
    offset += v * OFFSET_PART_MS[p];
    if (at + 2 === s.length) break;
    if (p === 2 || s.charCodeAt(at + 2) !== COLON) return null;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - (sign === PLUS ? offset : -offset);
}

/** The number written by `n` decimal digits at `at`, or -1 if any of them is not a digit. */
function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return -1;
    v = v * 10 + (c - ZERO);
  }
  return v;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= ZERO + 9;
}

/** An offset's hours, minutes and seconds, in milliseconds. */
const OFFSET_PART_MS = [3600_000, 60_000, 1000];
const ZERO = 48;
const DASH = 45;
const PLUS = 43;
const SPACE = 32;
const COLON = 58;
const DOT = 46;
