import { appCookie } from './cookies';

describe(appCookie.name, () => {
  it('uses the __Host- prefix, Secure and Path=/ over https, whatever path was asked for', () => {
    expect(appCookie({ secureCookies: true }, 'wbs_track', '/track')).toEqual({
      name: '__Host-wbs_track',
      options: { httpOnly: true, sameSite: 'strict', secure: true, path: '/' },
    });
  });

  it('keeps the plain name and the asked path over plain http, where browsers refuse the prefix', () => {
    expect(appCookie({ secureCookies: false }, 'wbs_track', '/track')).toEqual({
      name: 'wbs_track',
      options: { httpOnly: true, sameSite: 'strict', secure: false, path: '/track' },
    });
  });
});
