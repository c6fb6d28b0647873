import { ApiProperty } from '@nestjs/swagger';

export class TotpConfirmDto {
  @ApiProperty({ example: '492039', description: 'The six-digit code the authenticator app shows for the new secret' })
  otp: string;
}

export class TotpSetupResponse {
  @ApiProperty({ example: 'otpauth://totp/WBS%20Inspektorat:irban%40kendarikota.go.id?issuer=WBS%20Inspektorat&secret=...' })
  otpauthUri: string;
  @ApiProperty({ description: 'Base32, for typing into the app by hand' })
  secret: string;
}

export class TotpConfirmResponse {
  @ApiProperty({ type: [String], description: 'Ten single-use recovery codes, returned this once only', example: ['k3m9p-x2v7q'] })
  recoveryCodes: string[];
}

/** Accepts `{ otp }` from JSON; anything else is an empty code (refused with a field error). */
export function parseTotpConfirm(body: unknown): TotpConfirmDto {
  const otp = (body as Record<string, unknown> | null)?.otp;
  return { otp: typeof otp === 'string' ? otp.slice(0, 64) : '' };
}
