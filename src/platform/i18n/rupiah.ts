const GROUPING = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });

/** Money as Indonesians write it, whatever the page's language: `Rp450.000.000`. */
export function formatRupiah(amount: number): string {
  return `Rp${GROUPING.format(amount)}`;
}
