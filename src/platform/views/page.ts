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
