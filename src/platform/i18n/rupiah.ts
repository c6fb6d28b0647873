const GROUPING = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });

/** Money as Indonesians write it, whatever the page's language: `Rp450.000.000`. */
export function formatRupiah(amount: number): string {
  return `Rp${GROUPING.format(amount)}`;
}

/**
 * An amount as reporters type it (`Rp 2.500.000`, `2,500,000`, `2500000`): whole rupiah, or
 * null when empty, or 'invalid' when it is no amount or above `max`.
 */
export function parseRupiah(input: string, max: number): number | null | 'invalid' {
  const digits = input
    .trim()
    .replace(/^rp\.?\s*/i, '')
    .replace(/[.,\s]/g, '');
  if (!digits) return null;
  if (!/^\d+$/.test(digits) || Number(digits) > max) return 'invalid';
  return Number(digits);
}
