import { bodySchema, BodySpec, namedSchema, readBody } from '../../platform/http/body-schema';

/** `{ otp }` from JSON; anything else is an empty code (refused with a field error). */
const TOTP_CONFIRM_BODY = {
  otp: {
    type: 'string',
    required: true,
    read: (v: unknown) => (typeof v === 'string' ? v.slice(0, 64) : ''),
    example: '492039',
    description: 'The six-digit code the authenticator app shows for the new secret',
  },
} as const satisfies BodySpec;

export const TOTP_CONFIRM_SCHEMA = namedSchema('TotpConfirmDto', bodySchema(TOTP_CONFIRM_BODY));

export const TOTP_SETUP_RESPONSE = namedSchema(
  'TotpSetupResponse',
  bodySchema({
    otpauthUri: { type: 'string', required: true, example: 'otpauth://totp/WBS%20Inspektorat:irban%40kendarikota.go.id?issuer=WBS%20Inspektorat&secret=...' },
    secret: { type: 'string', required: true, description: 'Base32, for typing into the app by hand' },
  }),
);

export const TOTP_CONFIRM_RESPONSE = namedSchema(
  'TotpConfirmResponse',
  bodySchema({
    recoveryCodes: { type: 'array', required: true, items: { type: 'string' }, description: 'Ten single-use recovery codes, returned this once only', example: ['k3m9p-x2v7q'] },
  }),
);

export function parseTotpConfirm(body: unknown): { otp: string } {
  return readBody(TOTP_CONFIRM_BODY, body, 'add');
}
