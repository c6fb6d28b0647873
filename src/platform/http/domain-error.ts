/**
 * The one base for every expected failure. A stable `code` lets clients and tests tell errors
 * apart; `status` is the HTTP status the global filter answers with; `field` ties an input error
 * to the form field it belongs to, so pages can show it beside that field.
 *
 * `message` is an i18n key (e.g. `upload.too_large`) looked up in the dictionaries under
 * the `*.i18n.ts` files of each module, rendered with `params` in the request's language; a message that is no
 * key is shown as written. Messages must never contain case content, identities or secrets.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  readonly field?: string;
  /** Extra values for the message template (e.g. a size limit); never personal data. */
  readonly params?: Record<string, string | number>;

  constructor(message: string, opts: { field?: string; params?: Record<string, string | number> } = {}) {
    super(message);
    this.name = new.target.name;
    this.field = opts.field;
    this.params = opts.params;
  }
}

export interface FieldError {
  field: string;
  /** An i18n key, like DomainError.message. */
  message: string;
  params?: Record<string, string | number>;
}

/** Several input errors at once, so a form can show every problem in one round trip. */
export class ValidationFailed extends DomainError {
  readonly code = 'validation_failed';
  readonly status = 400;
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  }
}

export class NotSignedIn extends DomainError {
  readonly code = 'not_signed_in';
  readonly status = 401;
  constructor(message = 'http.not_signed_in') {
    super(message);
  }
}

export class Forbidden extends DomainError {
  readonly code = 'forbidden';
  readonly status = 403;
  constructor(message = 'http.forbidden') {
    super(message);
  }
}

export class NotFound extends DomainError {
  readonly code = 'not_found';
  readonly status = 404;
  constructor(message = 'http.not_found') {
    super(message);
  }
}

export class Conflict extends DomainError {
  readonly code = 'conflict';
  readonly status = 409;
}

export class PayloadTooLarge extends DomainError {
  readonly code = 'payload_too_large';
  readonly status = 413;
}

export class UnsupportedMediaType extends DomainError {
  readonly code = 'unsupported_media_type';
  readonly status = 415;
}

export class TooManyRequests extends DomainError {
  readonly code = 'too_many_requests';
  readonly status = 429;
  constructor(
    message = 'http.too_many_requests',
    readonly retryAfterSeconds = 60,
    params?: Record<string, string | number>,
  ) {
    super(message, { params });
  }
}

export class ServiceUnavailable extends DomainError {
  readonly code = 'service_unavailable';
  readonly status = 503;
}
