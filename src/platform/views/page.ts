import { ValidationFailed } from '../http/domain-error';
import { fieldErrors } from '../http/form-errors';
import type { Lang } from '../i18n/i18n';

/**
 * What a page handler answers with, instead of writing to the response itself: the template,
 * the page's own data and the HTTP status. A PageInterceptor adds the context every page of its
 * kind shares (layout, language, signed-in member, CSRF token) and renders it.
 */
export class Page {
  constructor(
    readonly view: string,
    readonly model: Record<string, unknown>,
    readonly status = 200,
  ) {}
}

/** Redirect-after-POST (and the few GET redirects): 303, so the browser follows with a GET. */
export class Redirect {
  constructor(
    readonly url: string,
    readonly status = 303,
  ) {}
}

export function page(view: string, model: Record<string, unknown>, status = 200): Page {
  return new Page(view, model, status);
}

export function redirect(url: string): Redirect {
  return new Redirect(url);
}

export type PageResult = Page | Redirect;

/**
 * A page built from filters the reader typed (a log, a dashboard): the page `build` makes, or,
 * when the filters are refused, the same page with `refused` in place of the results and each
 * error beside its filter (400). Both share `base` (title, the filter form's choices).
 */
export async function filteredPage(view: string, lang: Lang, base: Record<string, unknown>, build: () => Promise<Record<string, unknown>>, refused: Record<string, unknown>): Promise<Page> {
  try {
    return page(view, { ...base, ...(await build()) });
  } catch (e) {
    if (!(e instanceof ValidationFailed)) throw e;
    return page(view, { ...base, ...refused, errors: fieldErrors(e, lang) }, 400);
  }
}
