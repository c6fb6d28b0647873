import { registerDictionary, t, hasKey } from './i18n';

describe('i18n', () => {
  registerDictionary({ id: { 'x.limit': 'Maksimal {max} MiB' }, en: { 'x.limit': 'At most {max} MiB' } });

  it('translates with parameters in the chosen language', () => {
    expect(t('id', 'x.limit', { max: 25 })).toBe('Maksimal 25 MiB');
    expect(t('en', 'x.limit', { max: 25 })).toBe('At most 25 MiB');
  });

  it('returns unknown keys unchanged', () => {
    expect(t('en', 'no such key')).toBe('no such key');
    expect(hasKey('no such key')).toBe(false);
  });
});
