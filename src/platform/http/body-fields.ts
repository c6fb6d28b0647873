/**
 * Reads input from a JSON body or a form alike (admin's forms and API first; shared, so that no
 * module borrows another's form helpers). A field that is present but not text (a
 * number, an object) becomes text that fails validation, rather than being dropped silently.
 * `absent` is what a missing field means: "unchanged" (undefined) for a JSON PATCH, "empty" for
 * a form, where an unticked checkbox group is simply missing.
 */
export type Body = Record<string, unknown>;

export function asBody(body: unknown): Body {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Body) : {};
}

export function textField<A extends string | undefined>(body: Body, key: string, absent: A): string | A {
  const v = body[key];
  if (v === undefined) return absent;
  return typeof v === 'string' ? v : '';
}

export function listField<A extends string[] | undefined>(body: Body, key: string, absent: A): string[] | A {
  const v = body[key];
  if (v === undefined) return absent;
  return (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'string' ? x.trim() : String(x)));
}

/** An optional code: empty or null means none. */
export function codeField<A extends string | null | undefined>(body: Body, key: string, absent: A): string | null | A {
  const v = body[key];
  if (v === undefined) return absent;
  if (v === null) return null;
  const s = typeof v === 'string' ? v.trim() : String(v);
  return s === '' ? null : s;
}
