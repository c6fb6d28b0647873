import type { Request } from 'express';
import { Conflict, ValidationFailed } from '../platform/http/domain-error';
import { requestLang } from '../platform/http/request-lang';
import type { AuthService } from '../staff';
import { OwnAccountChangeRefused, SecondAdminRequired } from '../staff';
import type { StaffRef } from '../staff';
import './admin.i18n';

export type AdminSection = 'staff' | 'categories' | 'opds' | 'holidays' | 'sla' | 'mail' | 'retention' | 'branding';

/** What every admin page gets: the staff layout, the language, the member and the CSRF token. */
export function adminPage(auth: AuthService, me: StaffRef, req: Request, section: AdminSection, title: string, extra: Record<string, unknown> = {}) {
  const lang = requestLang(req);
  return { layout: 'layouts/staff', lang, me, csrf: auth.csrfToken(me.sessionId), section, title, ...extra };
}

/**
 * Errors a form shows and lets the admin correct (bad input, a refused change, a change of their
 * own access or a confirmation of their own proposal, both 403). Anything else (not found, the
 * role check, faults) goes to the global error page.
 */
export function isFormError(e: unknown): e is ValidationFailed | Conflict | OwnAccountChangeRefused | SecondAdminRequired {
  return e instanceof ValidationFailed || e instanceof Conflict || e instanceof OwnAccountChangeRefused || e instanceof SecondAdminRequired;
}

/** Field errors beside their fields, form errors on top: the shared helper, kept here under its old name for admin's pages. */
export { formErrors } from '../platform/http/form-errors';
