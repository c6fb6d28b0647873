import { bodySchema, BodySpec, namedSchema, readBody } from '../../platform/http/body-schema';

/** Sign-in, from JSON or the page's form; no service sees it first, so it is checked here, one error per field. */
const LOGIN_BODY = {
  email: { type: 'string', required: true, trim: true, maxLength: 254, example: 'irban@kendarikota.go.id', errors: { required: 'auth.email_required', tooLong: 'staff.email_invalid' } },
  password: { type: 'string', required: true, maxLength: 256, errors: { required: 'auth.password_required', tooLong: 'password.too_long' } },
  otp: { type: 'string', read: (v: unknown) => (typeof v === 'string' ? v : undefined), description: 'TOTP code, when two-factor sign-in is enabled' },
} as const satisfies BodySpec;

export const LOGIN_SCHEMA = namedSchema('LoginDto', bodySchema(LOGIN_BODY));

export function parseLogin(body: unknown): { email: string; password: string; otp: string | undefined } {
  return readBody(LOGIN_BODY, body, 'add');
}
