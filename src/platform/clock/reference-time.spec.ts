import { checkReferenceTime, MAX_AHEAD_MS, parseReferenceTime } from './reference-time';

describe('parseReferenceTime', () => {
  it('reads an ISO-8601 time with a zone', () => {
    expect(parseReferenceTime('2026-06-05T09:00:00+08:00')).toEqual(new Date('2026-06-05T01:00:00Z'));
    expect(parseReferenceTime('2026-06-05T09:00Z')).toEqual(new Date('2026-06-05T09:00:00Z'));
    expect(parseReferenceTime('2028-02-29T23:59:59.999-03:30')).toEqual(new Date('2028-03-01T03:29:59.999Z'));
  });

  it.each(['next tuesday', '2026-06-05', '2026-06-05T09:00:00', '2026-06-05 09:00:00+08:00'])('refuses "%s" as not ISO-8601 with a zone', (v) => {
    expect(parseReferenceTime(v)).toMatch(/^--now must be an ISO-8601 time with a zone/);
  });

  it.each([
    '2026-02-30T09:00:00+08:00',
    '2026-02-29T09:00:00Z',
    '2026-13-01T09:00:00Z',
    '2026-04-31T09:00:00Z',
    '2026-06-05T24:00:00Z',
    '2026-06-05T09:60:00Z',
    '2026-06-05T09:00:61Z',
    '2026-06-05T09:00:00+15:00',
    '2026-06-05T09:00:00+08:60',
  ])('refuses the impossible %s instead of rolling it over', (v) => {
    expect(parseReferenceTime(v)).toBe(`--now is not a real date and time: "${v}"`);
  });

  it.each(['0000-01-01T00:00:00Z', '1999-12-31T23:59:59Z', '2201-01-01T00:00:00Z', '9999-12-31T09:00:00+08:00'])('refuses the year of %s', (v) => {
    expect(parseReferenceTime(v)).toMatch(/^--now must fall in the years 2000 to 2200/);
  });
});

describe('checkReferenceTime', () => {
  const real = new Date('2026-12-06T15:00:00Z');
  const at = (ms: number) => new Date(real.getTime() + ms);

  it('accepts the past and a few minutes ahead (clock skew)', () => {
    expect(checkReferenceTime(at(-86_400_000 * 300), real, { dryRun: false, force: false })).toEqual({ ok: true });
    expect(checkReferenceTime(at(MAX_AHEAD_MS), real, { dryRun: false, force: false })).toEqual({ ok: true });
  });

  it('refuses a time further ahead, naming both ways out', () => {
    const r = checkReferenceTime(at(MAX_AHEAD_MS + 1000), real, { dryRun: false, force: false });
    expect(r).toEqual({ ok: false, error: expect.stringContaining('Use --dry-run to see what it would do, or --force to do it anyway') });
    expect(checkReferenceTime(at(86_400_000 * 3), real, { dryRun: false, force: false })).toMatchObject({ error: expect.stringContaining('3 days ahead') });
  });

  it('lets a dry run look ahead silently, and a forced run with a warning', () => {
    expect(checkReferenceTime(at(86_400_000 * 365), real, { dryRun: true, force: false })).toEqual({ ok: true });
    expect(checkReferenceTime(at(3 * 3_600_000), real, { dryRun: false, force: true })).toEqual({ ok: true, warning: expect.stringMatching(/^WARNING: --now .* 3 hours ahead/) });
  });
});
