import { applyDecorators, Controller, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Role } from '../role';
import { Roles, StaffAuthGuard } from './staff-auth.guard';
import { StaffPageInterceptor } from './staff-page.interceptor';

/**
 * A controller of staff pages at `path`: signed-in members only (of `roles`, if any are named),
 * rendered through StaffPageInterceptor, and left out of the API description.
 */
export function StaffPages(path: string, ...roles: Role[]): ClassDecorator {
  return applyDecorators(ApiExcludeController(), Controller(path), UseGuards(StaffAuthGuard), UseInterceptors(StaffPageInterceptor), ...(roles.length ? [Roles(...roles)] : []));
}
