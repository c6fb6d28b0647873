import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FieldError, ValidationFailed } from '../../platform/http/domain-error';

export class LoginDto {
  @ApiProperty({ example: 'irban@kendarikota.go.id' }) email: string;
  @ApiProperty() password: string;
  @ApiPropertyOptional({ description: 'TOTP code, when two-factor sign-in is enabled' }) otp?: string;
}

/** Parses a login body from JSON or a form, with one error per missing field. */
export function parseLogin(body: unknown): LoginDto {
  const b = (body ?? {}) as Record<string, unknown>;
  const errors: FieldError[] = [];
  const email = typeof b.email === 'string' ? b.email.trim() : '';
  const password = typeof b.password === 'string' ? b.password : '';
  if (!email) errors.push({ field: 'email', message: 'auth.email_required' });
  else if (email.length > 254) errors.push({ field: 'email', message: 'staff.email_invalid' });
  if (!password) errors.push({ field: 'password', message: 'auth.password_required' });
  else if (password.length > 256) errors.push({ field: 'password', message: 'password.too_long', params: { max: 256 } });
  if (errors.length) throw new ValidationFailed(errors);
  return { email, password, otp: typeof b.otp === 'string' ? b.otp : undefined };
}
