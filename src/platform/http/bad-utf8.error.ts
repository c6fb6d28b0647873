import { errorKind } from './domain-error';

export class BadUtf8 extends errorKind('invalid_utf8', 400) {
  constructor(field?: string) {
    super('http.invalid_utf8', { field });
  }
}
