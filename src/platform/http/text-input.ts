import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { FieldError, ValidationFailed } from './domain-error';
import './http.i18n';

/**
 * Characters no text field may hold, whatever module reads it: NUL (PostgreSQL refuses it in
 * text, and C code downstream would cut the text there) and lone UTF-16 surrogates (a JSON
 * `"\ud800"` escape: not a character at all, it breaks UTF-8 encoding, PDF export and mail).
 * Single-line fields (names, titles, addresses) also refuse line breaks, which would forge extra
 * lines in exports, mail subjects and the audit view.
 */
// eslint-disable-next-line no-control-regex -- finding the NUL character is the point
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LINE_BREAK = /[\r\n\u0085\u2028\u2029]/;

/** Fields that are one line wherever they appear (forms, JSON bodies, nested as `label.id`). */
export const SINGLE_LINE_FIELDS: ReadonlySet<string> = new Set([
  'title',
  'name',
  'name_id',
  'name_en',
  'email',
  'location',
  'code',
  'receipt',
  'otp',
  'reporter_name',
  'reporter_nip',
  'reporter_phone',
  'reporter_email',
  'label.id',
  'label.en',
]);

export function textProblem(value: string, singleLine: boolean): string | null {
  if (NUL.test(value)) return 'input.nul_character';
  if (LONE_SURROGATE.test(value)) return 'input.lone_surrogate';
  if (singleLine && LINE_BREAK.test(value)) return 'input.line_break';
  return null;
}

/** Every text value of a parsed body (nested objects and lists too) with its problem, if any. */
export function textInputErrors(body: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const walk = (value: unknown, field: string, depth: number) => {
    if (typeof value === 'string') {
      const problem = textProblem(value, SINGLE_LINE_FIELDS.has(field));
      if (problem) errors.push({ field, message: problem });
    } else if (value !== null && typeof value === 'object' && depth < 8) {
      for (const [k, v] of Object.entries(value)) walk(v, Array.isArray(value) ? field : field ? `${field}.${k}` : k, depth + 1);
    }
  };
  walk(body, '', 0);
  return errors;
}

/**
 * The refusal, carrying the top-level text fields with the offending characters shown as U+FFFD,
 * so a form can be shown again with what was typed and the error beside its field.
 */
export class TextInputRefused extends ValidationFailed {
  readonly raw: Record<string, string>;
  constructor(errors: FieldError[], body: unknown) {
    super(errors);
    this.raw = {};
    if (body !== null && typeof body === 'object') {
      for (const [k, v] of Object.entries(body)) {
        if (typeof v === 'string') this.raw[k] = v.replace(new RegExp(`${NUL.source}|${LONE_SURROGATE.source}`, 'g'), '\uFFFD');
      }
    }
  }
}

export function assertCleanTextInput(body: unknown): void {
  const errors = textInputErrors(body);
  if (errors.length) throw new TextInputRefused(errors, body);
}

/**
 * Applies the rule to every JSON and form body before any handler reads it, so no text field
 * of any module can slip past. Multipart fields are checked where they are parsed (UploadReceiver.read).
 */
@Injectable()
export class TextInputGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    assertCleanTextInput(context.switchToHttp().getRequest<Request>().body);
    return true;
  }
}
