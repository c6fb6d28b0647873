/** What an error may say besides its message. */
export interface ErrorDetails {
  /** The form field the error belongs to, so pages can show it beside that field. */
  field?: string;
  /** Extra values for the message template (e.g. a size limit); never personal data. */
  params?: Record<string, string | number>;
}

/** A DomainError whose code and status are given (the base leaves them abstract). */
interface KindOfError extends DomainError {
  readonly code: string;
  readonly status: number;
}

/** The class `errorKind` makes, whose constructor takes `Args`. */
type ErrorKind<Args extends unknown[]> = (new (...args: Args) => KindOfError) & Pick<typeof DomainError, 'withMessage'>;

/**
 * The one base for every expected failure. A stable `code` lets clients and tests tell errors
 * apart; `status` is the HTTP status the global filter answers with; `field` ties an input error
 * to the form field it belongs to, so pages can show it beside that field.
 *
 * `message` is an i18n key (e.g. `upload.too_large`) looked up in the dictionaries under
 * the `*.i18n.ts` files of each module, rendered with `params` in the request's language; a message that is no
 * key is shown as written. Messages must never contain case content, identities or secrets.
 *
 * An error is one declaration: a kind (code and status) from `errorKind`, and an error that
 * always says the same thing from `withMessage`:
 *
 *     export class CaseNotFound extends NotFound.withMessage('cases.not_found') {}
 *     export class IntakeClosed extends errorKind('intake_closed', 503).withMessage('intake.closed') {}
 *
 * Each stays a named class: `instanceof`, `name` and the filter's mapping work as for any other.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  readonly field?: string;
  readonly params?: Record<string, string | number>;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = new.target.name;
    this.field = details.field;
    this.params = details.params;
  }

  /** A subclass of this kind whose constructor takes nothing and always says `message`. */
  static withMessage<K extends new (message: string, details?: ErrorDetails) => DomainError>(this: K, message: string, details?: ErrorDetails): new () => InstanceType<K> {
    return class extends (this as new (message: string, details?: ErrorDetails) => KindOfError) {
      constructor() {
        super(message, details);
      }
    } as new () => InstanceType<K>;
  }
}

/**
 * The base class of a kind of error: its stable code and HTTP status. With `defaultMessage` the
 * message may be left out (`new Forbidden()`); without, every error of the kind names its own.
 */
export function errorKind(code: string, status: number): ErrorKind<[message: string, details?: ErrorDetails]>;
export function errorKind(code: string, status: number, defaultMessage: string): ErrorKind<[message?: string, details?: ErrorDetails]>;
export function errorKind(code: string, status: number, defaultMessage?: string): ErrorKind<[message: string, details?: ErrorDetails]> {
  return class extends DomainError {
    readonly code = code;
    readonly status = status;
    constructor(message = defaultMessage!, details?: ErrorDetails) {
      super(message, details);
    }
  };
}

export interface FieldError {
  field: string;
  /** An i18n key, like DomainError.message. */
  message: string;
  params?: Record<string, string | number>;
}

/** Several input errors at once, so a form can show every problem in one round trip. */
export class ValidationFailed extends errorKind('validation_failed', 400) {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  }
}

/**
 * Collects the input errors of a form while its fields are checked, in the order found, then
 * throws them together: `errors.add('email', 'staff.email_invalid')` … `errors.throwIfAny()`.
 */
export class FieldErrors {
  private readonly errors: FieldError[] = [];

  /** `message` is an i18n key; `params` fill its template. */
  add(field: string, message: string, params?: Record<string, string | number>): this {
    this.errors.push(params === undefined ? { field, message } : { field, message, params });
    return this;
  }

  /** Errors found by another check, kept in their order. */
  addAll(errors: readonly FieldError[]): this {
    this.errors.push(...errors);
    return this;
  }

  get any(): boolean {
    return this.errors.length > 0;
  }

  list(): FieldError[] {
    return [...this.errors];
  }

  /** Throws a ValidationFailed with every error collected, or the error `reject` makes of them. */
  throwIfAny(reject: (errors: FieldError[]) => ValidationFailed = (errors) => new ValidationFailed(errors)): void {
    if (this.any) throw reject(this.list());
  }
}

export class NotSignedIn extends errorKind('not_signed_in', 401, 'http.not_signed_in') {}

export class Forbidden extends errorKind('forbidden', 403, 'http.forbidden') {}

export class NotFound extends errorKind('not_found', 404, 'http.not_found') {}

export class Conflict extends errorKind('conflict', 409) {}

export class PayloadTooLarge extends errorKind('payload_too_large', 413) {}

export class UnsupportedMediaType extends errorKind('unsupported_media_type', 415) {}

export class TooManyRequests extends errorKind('too_many_requests', 429) {
  constructor(
    message = 'http.too_many_requests',
    readonly retryAfterSeconds = 60,
    params?: Record<string, string | number>,
  ) {
    super(message, { params });
  }
}

export class ServiceUnavailable extends errorKind('service_unavailable', 503) {}
