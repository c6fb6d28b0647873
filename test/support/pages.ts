import request from 'supertest';
import { Role } from '../../src/staff/role';
import type { TestApp } from './app';

/** A page-signed-in browser stand-in: session cookie plus the CSRF token the pages carry. */
export async function pageSession(t: TestApp, email: string, password: string) {
  const agent = request.agent(t.url);
  const form = await agent.get('/staff/login').expect(200);
  const signedIn = await agent
    .post('/staff/login')
    .type('form')
    .send({ _csrf: csrfOf(form.text), email, password })
    .expect(303);
  return { agent, location: signedIn.headers.location as string };
}

/**
 * Opens a reporter's case through the receipt form, as a browser does: fetch the form (for its
 * token), then post it. Returns the answer to the post.
 */
export async function postReceiptForm(agent: request.Agent | ReturnType<typeof request>, receipt: string, extra: Record<string, string> = {}) {
  const form = await agent.get('/track').expect(200);
  return agent
    .post('/track')
    .type('form')
    .send({ _csrf: csrfOf(form.text), receipt, ...extra });
}

export function csrfOf(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)![1];
}

/** Signs in through the API and returns the Authorization header value. */
export async function bearer(t: TestApp, who: { email: string; password: string }): Promise<string> {
  const res = await request(t.url).post('/api/v1/auth/login').send({ email: who.email, password: who.password }).expect(200);
  return `Bearer ${res.body.accessToken as string}`;
}

/** The OpenAPI document as a signed-in member reads it (it is not public unless API_DOCS_PUBLIC=true). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an OpenAPI document, read freely by tests
export async function apiDocument(t: TestApp): Promise<any> {
  const reader = await t.createStaff([Role.Auditor]);
  return (
    await request(t.url)
      .get('/api/docs-json')
      .set('Authorization', await bearer(t, reader))
      .expect(200)
  ).body;
}
