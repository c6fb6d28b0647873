/**
 * A case number as people type it (`WBS-2026-00001`, `wbs 2026 1`, `2026-00001`, with spaces,
 * dots or slashes between the parts) in its stored form, or null when it cannot be one.
 */
export function parseCaseNumber(input: string): string | null {
  const m = /^(?:WBS)?[\s\-_./]*(\d{4})[\s\-_./]+(\d{1,9})$/i.exec(input.trim());
  if (!m) return null;
  const sequence = Number(m[2]);
  if (sequence < 1) return null;
  // Numbers are padded to five digits and grow past them (CaseStore.file).
  return `WBS-${m[1]}-${String(sequence).padStart(5, '0')}`;
}
