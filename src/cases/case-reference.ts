/**
 * How people name a case: by its number (`WBS-2026-00001`), the way it is printed on every page
 * and letter. The UUID stays an internal address, still accepted where clients sent it before.
 */
export type CaseReference = { id: string } | { number: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Also without the leading zeros or with spaces around the dashes, as people type it. */
const NUMBER = /^WBS\s*-\s*(\d{4})\s*-\s*(\d{1,12})$/i;

export function parseCaseReference(input: unknown): CaseReference | null {
  if (typeof input !== 'string') return null;
  const text = input.trim();
  if (UUID.test(text)) return { id: text.toLowerCase() };
  const n = NUMBER.exec(text);
  if (!n) return null;
  const seq = n[2].replace(/^0+(?=\d)/, '');
  return { number: `WBS-${n[1]}-${seq.padStart(5, '0')}` };
}
