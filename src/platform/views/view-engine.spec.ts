import * as fs from 'node:fs';
import { partialDirectories, zoneAbbreviation } from './view-engine';

describe(zoneAbbreviation.name, () => {
  it("names Indonesia's zones as Indonesians write them", () => {
    expect(zoneAbbreviation('Asia/Makassar')).toBe('WITA');
    expect(zoneAbbreviation('Asia/Jakarta')).toBe('WIB');
    expect(zoneAbbreviation('Asia/Jayapura')).toBe('WIT');
  });
});

describe(partialDirectories.name, () => {
  it("finds the shared partials and the modules' own, without a name taken twice", () => {
    const dirs = partialDirectories();
    expect(dirs[0]).toMatch(/platform[/\\]views[/\\]partials$/);
    expect(dirs.some((d) => /admin[/\\]views[/\\]partials$/.test(d))).toBe(true);
    const names = dirs.flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.hbs')));
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });
});
