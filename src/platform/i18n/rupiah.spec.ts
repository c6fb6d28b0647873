import { formatRupiah } from './rupiah';

describe(formatRupiah.name, () => {
  it('writes Rupiah with the prefix joined and dots between thousands', () => {
    expect(formatRupiah(450_000_000)).toBe('Rp450.000.000');
    expect(formatRupiah(50_000)).toBe('Rp50.000');
    expect(formatRupiah(0)).toBe('Rp0');
  });
});
