import { ValidationFailed } from '../platform/http/domain-error';
import { Lang, t } from '../platform/i18n/i18n';
import type { InboxPage } from './cases.service';

/**
 * The inbox page with its filters' errors: a bad filter (a mistyped case number) shows an empty
 * list and the message beside the field, the input kept; anything else is thrown on.
 */
export async function inboxOrErrors(inbox: Promise<InboxPage>, lang: Lang): Promise<{ page: InboxPage; errors: { field: string; message: string }[] }> {
  try {
    return { page: await inbox, errors: [] };
  } catch (e) {
    if (!(e instanceof ValidationFailed)) throw e;
    return { page: { items: [], nextCursor: null }, errors: e.errors.map((x) => ({ field: x.field, message: t(lang, x.message, x.params) })) };
  }
}
