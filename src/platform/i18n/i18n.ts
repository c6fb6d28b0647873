/**
 * Bahasa Indonesia is the default language; English on request. Each module keeps its own
 * dictionary (`*.i18n.ts` exporting a `Dictionary`) and registers it here at import time, so a
 * key lives next to the code that uses it.
 */
export const LANGUAGES = ['id', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'id';

export interface Dictionary {
  id: Record<string, string>;
  en: Record<string, string>;
}

const entries: Record<Lang, Map<string, string>> = { id: new Map(), en: new Map() };

export function registerDictionary(dict: Dictionary): void {
  for (const lang of LANGUAGES) {
    for (const [key, text] of Object.entries(dict[lang])) entries[lang].set(key, text);
  }
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Translates `key`, filling `{name}` placeholders from params. Unknown keys come back as given. */
export function t(lang: Lang, key: string, params?: Record<string, string | number>): string {
  const text = entries[lang].get(key) ?? entries[DEFAULT_LANG].get(key) ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** True when both languages carry the key; used by tests that check dictionaries are complete. */
export function hasKey(key: string): boolean {
  return entries.id.has(key) && entries.en.has(key);
}
