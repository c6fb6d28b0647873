import * as path from 'node:path';
import { partialDirectories, SRC_ROOT, zoneAbbreviation } from './view-engine';

describe(zoneAbbreviation.name, () => {
  it('names Indonesia\'s zones as Indonesians write them', () => {
    expect(zoneAbbreviation('Asia/Makassar')).toBe('WITA');
    expect(zoneAbbreviation('Asia/Jakarta')).toBe('WIB');
    expect(zoneAbbreviation('Asia/Jayapura')).toBe('WIT');
  });
});

describe(partialDirectories.name, () => {
  it('finds the shared partials and a module\'s own', () => {
    const dirs = partialDirectories().map((d) => path.relative(SRC_ROOT, d));
    expect(dirs).toEqual(expect.arrayContaining([path.join('platform', 'views', 'partials'), path.join('cases', 'views', 'partials'), path.join('intake', 'views', 'partials')]));
  });
});
