import { types as pgTypes } from 'pg';
import { parseTimestamptz, PG_TYPES } from './timestamptz';

const pgParse = pgTypes.getTypeParser(1184, 'text') as (text: string) => Date | number | null;
const same = (text: string) => {
  const ours = parseTimestamptz(text);
  const theirs = pgParse(text);
  return { text, ours: ours instanceof Date ? ours.getTime() : ours, theirs: theirs instanceof Date ? theirs.getTime() : theirs };
};

describe('timestamptz parser', () => {
  it('reads the usual text as pg does, for every fraction length and offset form', () => {
    const offsets = ['+00', '+08', '-03', '+05:30', '-09:30', '+05:45', '+00:53:28', '-00:25:21'];
    const fractions = ['', '.9', '.12', '.123', '.1234', '.999999', '.000001', '.5'];
    let seed = 1;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      // 1901–2099, before and after the epoch
      const d = new Date(Date.UTC(1901, 0, 1) + Math.floor(rand() * (Date.UTC(2099, 0, 1) - Date.UTC(1901, 0, 1))));
      const text = `${d.toISOString().slice(0, 19).replace('T', ' ')}${fractions[i % fractions.length]}${offsets[i % offsets.length]}`;
      const r = same(text);
      expect(r.ours).toBe(r.theirs);
    }
  });

  it('gives instants, not local times: the same instant in two zones is one Date', () => {
    expect(parseTimestamptz('2026-12-07 12:03:36.928+08')).toEqual(new Date('2026-12-07T04:03:36.928Z'));
    expect(parseTimestamptz('2026-12-06 22:33:36.928123-05:30')).toEqual(new Date('2026-12-07T04:03:36.928Z'));
  });

  it('leaves anything unusual to pg, which reads it as before', () => {
    for (const text of [
      'infinity',
      '-infinity',
      '0099-01-02 03:04:05+00',
      '0044-03-15 12:00:00+00 BC',
      '12026-01-01 00:00:00+00',
      '2026-12-07 04:03:36',
      '2026-12-07T04:03:36Z',
      '2026-12-07 04:03:36+0x',
      '2026-12-07 04:03:36+08:',
      '2026-12-07 04:03:36+08:00:00:00',
    ]) {
      const r = same(text);
      expect(r.ours).toEqual(r.theirs);
    }
  });

  it('is the pool parser for timestamptz only; every other type keeps pg parser', () => {
    expect(PG_TYPES.getTypeParser(1184, 'text')).toBe(parseTimestamptz);
    expect(PG_TYPES.getTypeParser(1184)).toBe(parseTimestamptz);
    for (const oid of [16, 20, 25, 114, 1082, 1114, 2950, 17]) expect(PG_TYPES.getTypeParser(oid, 'text')).toBe(pgTypes.getTypeParser(oid, 'text'));
    expect(PG_TYPES.getTypeParser(1184, 'binary')).toBe(pgTypes.getTypeParser(1184, 'binary'));
  });
});
