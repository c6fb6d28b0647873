import type { Request } from 'express';
import { LANG_COOKIE, requestLang } from './request-lang';

function req(parts: { query?: object; body?: object; cookies?: object; headers?: object }): Request {
  return { query: {}, headers: {}, ...parts } as unknown as Request;
}

describe(requestLang.name, () => {
  it('is Indonesian for a browser that asks for English pages (Tor Browser, w3m)', () => {
    expect(requestLang(req({ headers: { 'accept-language': 'en-US,en;q=0.5' } }))).toBe('id');
  });

  it("follows the reader's own choice: the link, then the form, then the staff cookie", () => {
    expect(requestLang(req({ query: { lang: 'en' }, body: { lang: 'id' } }))).toBe('en');
    expect(requestLang(req({ body: { lang: 'en' }, cookies: { [LANG_COOKIE]: 'id' } }))).toBe('en');
    expect(requestLang(req({ cookies: { [LANG_COOKIE]: 'en' } }))).toBe('en');
    expect(requestLang(req({ query: { lang: 'fr' } }))).toBe('id');
  });
});
