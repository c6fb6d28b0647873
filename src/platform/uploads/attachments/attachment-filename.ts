/**
 * Reporter-chosen file names end up on staff pages, in Content-Disposition headers and on the
 * disk of whoever downloads the file, so only a conservative set of characters survives.
 */

export const MAX_FILENAME_LENGTH = 120;
/** Error messages quote the name; a short one keeps the message readable on a phone. */
const MAX_DISPLAY_LENGTH = 40;
const FALLBACK_STEM = 'attachment';

// Letters, marks and digits of every script, because reporters name files in Indonesian, local
// languages and sometimes Arabic script; punctuation is limited to what is inert in HTML, HTTP
// headers and file systems.
const UNSAFE_CHARACTER = /[^\p{L}\p{M}\p{N} ._\-()[\]+,]/gu;
// Control, format (bidi overrides such as U+202E, zero-width characters), private-use and
// unassigned code points can disguise a name's real ending, so they vanish rather than become a
// visible space.
const INVISIBLE_CHARACTER = /\p{C}/gu;
// Tabs, newlines and exotic spaces would otherwise be removed as control characters and glue
// words together.
const ANY_WHITESPACE = /[\s\u2028\u2029]+/gu;
// A trailing segment counts as an extension only when it looks like one, so "Surat No. 12" or
// "Bpk. Andi" keep their dot and get the detected extension appended instead.
const EXTENSION = /^(?=.*[a-z])[a-z0-9]{1,8}$/i;
// Windows refuses to create these, whatever the extension.
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

export interface SplitName {
  stem: string;
  /** Lower case, without the dot; empty when the name has none. */
  extension: string;
}

export function splitExtension(name: string): SplitName {
  const dot = name.lastIndexOf('.');
  const candidate = dot >= 0 ? name.slice(dot + 1) : '';
  if (!EXTENSION.test(candidate)) return { stem: name, extension: '' };
  return { stem: name.slice(0, dot), extension: candidate.toLowerCase() };
}

/**
 * Strips any path, invisible and unsafe characters, collapses whitespace and keeps at most
 * MAX_FILENAME_LENGTH characters with the extension intact. Never returns an empty name.
 */
export function sanitizeFilename(raw: string): string {
  const { stem, extension } = splitExtension(cleanCharacters(baseName(raw)));
  return joinName(cleanStem(stem), extension, MAX_FILENAME_LENGTH);
}

/** A sanitised, shortened name for error messages. */
export function displayFilename(raw: string): string {
  const { stem, extension } = splitExtension(sanitizeFilename(raw));
  const suffix = extension ? `.${extension}` : '';
  const chars = Array.from(stem);
  const room = MAX_DISPLAY_LENGTH - suffix.length;
  if (chars.length <= room) return stem + suffix;
  return `${chars
    .slice(0, room - 1)
    .join('')
    .trimEnd()}…${suffix}`;
}

/** Joins stem and extension, shortening the stem (never the extension) to fit maxLength. */
export function joinName(stem: string, extension: string, maxLength = MAX_FILENAME_LENGTH): string {
  const suffix = extension ? `.${extension}` : '';
  const room = maxLength - suffix.length;
  const short = trimEnds(Array.from(stem).slice(0, room).join(''));
  return (short || FALLBACK_STEM) + suffix;
}

function baseName(raw: string): string {
  const parts = raw.normalize('NFC').split(/[\\/]/);
  return parts[parts.length - 1] ?? '';
}

function cleanCharacters(name: string): string {
  return name.replace(ANY_WHITESPACE, ' ').replace(INVISIBLE_CHARACTER, '').replace(UNSAFE_CHARACTER, ' ').replace(/ {2,}/g, ' ');
}

function cleanStem(stem: string): string {
  const trimmed = trimEnds(stem);
  return WINDOWS_RESERVED.test(trimmed) ? `${trimmed}_` : trimmed;
}

// Leading dots would hide the file or read as "..", and Windows drops trailing dots and spaces.
function trimEnds(stem: string): string {
  return stem.replace(/^[\s._-]+/u, '').replace(/[\s.]+$/u, '');
}
