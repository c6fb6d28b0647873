import { DomainError, ValidationFailed } from './domain-error';
import { Lang, t } from '../i18n/i18n';

/**
 * A domain error as a form shows it: field errors go beside their fields, an error of the whole
 * form goes on top. Shared by every module's pages (it used to live in admin).
 */
export function formErrors(e: DomainError, lang: Lang): { errors: { field: string; message: string }[]; message?: string } {
  if (e instanceof ValidationFailed) return { errors: e.errors.map((x) => ({ field: x.field, message: t(lang, x.message, x.params) })) };
  if (e.field) return { errors: [{ field: e.field, message: t(lang, e.message, e.params) }] };
  return { errors: [], message: t(lang, e.message, e.params) };
}
