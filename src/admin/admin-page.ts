import { isInputError } from '../platform/http/form-errors';
import { Conflict, ValidationFailed } from '../platform/http/domain-error';
import { Page, page } from '../platform/views/page';
import { OwnAccountChangeRefused, SecondAdminRequired } from '../staff';
import './admin.i18n';

export type AdminSection = 'staff' | 'categories' | 'opds' | 'holidays' | 'sla' | 'mail' | 'retention' | 'branding';

/**
 * An admin page: its menu section and title over the page's own data. The staff layout, the
 * language, the member and the CSRF token come from StaffPageInterceptor.
 */
export function adminPage(view: string, section: AdminSection, title: string, model: Record<string, unknown>, status = 200): Page {
  return page(view, { section, title, ...model }, status);
}

/**
 * Errors a form shows and lets the admin correct (bad input, a refused change, a change of their
 * own access or a confirmation of their own proposal, both 403). Anything else (not found, the
 * role check, faults) goes to the global error page.
 */
export function isFormError(e: unknown): e is ValidationFailed | Conflict | OwnAccountChangeRefused | SecondAdminRequired {
  return isInputError(e) || e instanceof OwnAccountChangeRefused || e instanceof SecondAdminRequired;
}
