import { isoInstant } from './iso-instant';

describe('isoInstant', () => {
  it('writes what toISOString writes, for instants spread over four centuries and at every edge of a field', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const from = Date.UTC(1800, 0, 1);
    const to = Date.UTC(2200, 0, 1);
    const instants = Array.from({ length: 5000 }, () => from + Math.floor(rand() * (to - from)));
    instants.push(
      0,
      -1,
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(2028, 1, 29, 0, 0, 0, 1),
      Date.UTC(1000, 0, 1),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(2026, 0, 9, 9, 9, 9, 9),
      Date.UTC(2026, 0, 1, 0, 0, 0, 10),
      Date.UTC(2026, 0, 1, 0, 0, 0, 100),
    );
    for (const t of instants) expect(isoInstant(new Date(t))).toBe(new Date(t).toISOString());
  });

  it('leaves years outside four digits to toISOString, and an invalid date still throws', () => {
    for (const t of [Date.UTC(999, 11, 31, 23, 59, 59, 999), Date.UTC(10000, 0, 1), -8.64e15, 8.64e15, Date.UTC(-1, 0, 1)]) expect(isoInstant(new Date(t))).toBe(new Date(t).toISOString());
    expect(() => isoInstant(new Date(NaN))).toThrow(RangeError);
  });
});
