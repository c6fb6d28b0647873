'use strict';
/** Staff sign-in for the benches that read staff pages and API (bench/inbox, bench/insights). */

/** Signs in with { email, password } over the API and returns the Bearer token. */
async function signIn(base, supervisor) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(supervisor),
    signal: AbortSignal.timeout(15_000),
  });
  const body = await res.json().catch(() => ({}));
  if (res.status !== 200 || !body.accessToken) throw new Error(`sign-in answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  if (body.mustChangePassword) throw new Error('the bench supervisor must change their password first');
  return body.accessToken;
}

module.exports = { signIn };
