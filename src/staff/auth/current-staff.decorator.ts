import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { StaffRef } from '../staff-ref';

/** The signed-in staff member, as resolved by StaffAuthGuard. */
export const CurrentStaff = createParamDecorator((_: unknown, ctx: ExecutionContext): StaffRef => {
  return ctx.switchToHttp().getRequest<{ user: StaffRef }>().user;
});
