import { DomainError } from './domain-error';

export class BadUtf8 extends DomainError {
  readonly code = 'invalid_utf8';
  readonly status = 400;
  constructor(field?: string) {
    super('http.invalid_utf8', { field });
  }
}
