import { Conflict, NotFound } from '../platform/http/domain-error';
import './catalog.i18n';

export class CategoryNotFound extends NotFound {
  constructor() {
    super('catalog.category_not_found');
  }
}

export class OpdNotFound extends NotFound {
  constructor() {
    super('catalog.opd_not_found');
  }
}

export class CodeTaken extends Conflict {
  constructor() {
    super('catalog.code_taken', { field: 'code' });
  }
}

/** With no active category the public form could not be submitted at all. */
export class LastActiveCategory extends Conflict {
  constructor() {
    super('catalog.last_category');
  }
}
