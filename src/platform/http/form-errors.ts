import { Conflict, DomainError, ValidationFailed } from './domain-error';
import { Lang, t } from '../i18n/i18n';

/** An error as a page shows it beside a field, in the page's language. */
export interface ShownFieldError {
  field: string;
  message: string;
}

/**
 * A domain error as a form shows it: field errors go beside their fields, an error of the whole
 * form goes on top. Shared by every module's pages (it used to live in admin).
 */
export function formErrors(e: DomainError, lang: Lang): { errors: ShownFieldError[]; message?: string } {
  if (e instanceof ValidationFailed) return { errors: fieldErrors(e, lang) };
  if (e.field) return { errors: fieldErrors(e, lang) };
  return { errors: [], message: t(lang, e.message, e.params) };
}

/**
 * A domain error as the list of field errors a page shows: each input error beside its field,
 * and an error that names no field beside `fallback` (the top of the form, or the one box a
 * page has for it).
 */
export function fieldErrors(e: DomainError, lang: Lang, fallback = 'form'): ShownFieldError[] {
  const errors = e instanceof ValidationFailed ? e.errors : [{ field: e.field ?? fallback, message: e.message, params: e.params }];
  return errors.map((x) => ({ field: x.field, message: t(lang, x.message, x.params) }));
}

/**
 * An error the person can correct on the page they are on (bad input, a refused change). Not
 * found, access refused, not signed in and faults go to the global error page instead.
 */
export function isCorrectable(e: unknown): e is DomainError {
  return e instanceof DomainError && e.status < 500 && e.status !== 401 && e.status !== 403 && e.status !== 404;
}

/**
 * Bad input or a change refused as it stands (a conflict): what an admin form shows again with
 * the error. Everything else (not found, access refused, faults) goes to the global error page.
 */
export function isInputError(e: unknown): e is ValidationFailed | Conflict {
  return e instanceof ValidationFailed || e instanceof Conflict;
}
