import { Conflict, NotFound } from '../platform/http/domain-error';
import './catalog.i18n';

export class CategoryNotFound extends NotFound.withMessage('catalog.category_not_found') {}

export class OpdNotFound extends NotFound.withMessage('catalog.opd_not_found') {}

export class CodeTaken extends Conflict.withMessage('catalog.code_taken', { field: 'code' }) {}

/** With no active category the public form could not be submitted at all. */
export class LastActiveCategory extends Conflict.withMessage('catalog.last_category') {}
