/**
 * A date as ISO `YYYY-MM-DD`, from ISO or the `DD/MM/YYYY` Indonesians write (also with `-` or
 * `.`, one-digit day or month), or null when it is not a real calendar day (31/02/2026).
 * Without JavaScript a text field is the only date input every browser shows the same way.
 */
export function calendarDate(input: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input);
  const local = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(input);
  const parts = iso ? [iso[1], iso[2], iso[3]] : local ? [local[3], local[2], local[1]] : null;
  if (!parts) return null;
  const [year, month, day] = parts;
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date ? date : null;
}
