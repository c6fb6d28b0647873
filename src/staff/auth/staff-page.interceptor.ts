import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { requestLang } from '../../platform/http/request-lang';
import { PageInterceptor } from '../../platform/views/page.interceptor';
import { AuthService } from '../auth.service';
import type { StaffRef } from '../staff-ref';

/**
 * The context every staff page shares: the staff layout, the language, the signed-in member and
 * the CSRF token bound to their session. Page controllers use it with
 * `@UseInterceptors(StaffPageInterceptor)` and return `page(...)` or `redirect(...)`.
 */
@Injectable()
export class StaffPageInterceptor extends PageInterceptor {
  constructor(private readonly auth: AuthService) {
    super();
  }

  protected context(req: Request): Record<string, unknown> {
    const me = (req as Request & { user?: StaffRef }).user;
    // Before sign-in (the login page) there is no member; that page brings its own token.
    return { layout: 'layouts/staff', lang: requestLang(req), ...(me ? { me, csrf: this.auth.csrfToken(me.sessionId) } : {}) };
  }
}
