import { applyDecorators, Controller, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Role } from '../role';
import { AllowPendingPasswordChange, AllowPendingTotpEnrolment, Roles, StaffAuthGuard } from './staff-auth.guard';

/**
 * The head of a staff API controller in one line: its path, its group in the OpenAPI document,
 * a signed-in member (Bearer token or cookie) and, when given, the roles that reach every route.
 * A controller whose routes differ in roles names none here and puts `@Roles` on each route.
 */
export function StaffApi(path: string, tag: string, ...roles: Role[]) {
  return applyDecorators(ApiTags(tag), ApiBearerAuth(), Controller(path), UseGuards(StaffAuthGuard), ...(roles.length ? [Roles(...roles)] : []));
}

/**
 * A route for any signed-in member, whatever their roles, reachable while a required TOTP
 * enrolment is pending (and, with `pendingPassword`, a first-sign-in password change too).
 */
export function SignedInRoute(opts: { pendingPassword?: boolean } = {}) {
  return applyDecorators(ApiBearerAuth(), UseGuards(StaffAuthGuard), AllowPendingTotpEnrolment(), ...(opts.pendingPassword ? [AllowPendingPasswordChange()] : []));
}
