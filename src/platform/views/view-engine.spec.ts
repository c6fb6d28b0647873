import { zoneAbbreviation } from './view-engine';

describe(zoneAbbreviation.name, () => {
  it('names Indonesia\'s zones as Indonesians write them', () => {
    expect(zoneAbbreviation('Asia/Makassar')).toBe('WITA');
    expect(zoneAbbreviation('Asia/Jakarta')).toBe('WIB');
    expect(zoneAbbreviation('Asia/Jayapura')).toBe('WIT');
  });
});
