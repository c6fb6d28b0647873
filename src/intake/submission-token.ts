import { randomBytes } from 'node:crypto';
import { ValidationFailed } from '../platform/http/domain-error';

/** The hidden field of the report form (docs/decisions.md, "The report form's submission token"). */
export const SUBMISSION_TOKEN_FIELD = 'submission_token';
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** 256 random bits: only the page that carries it knows it, so only that browser gets the receipt back. */
export function newSubmissionToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The token a posted form carries, or null for a post without one (a script, an old page): it
 * files as before, without the guard. A token that is not one of ours is refused, nothing filed.
 */
export function parseSubmissionToken(value: unknown): string | null {
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string' || !TOKEN_PATTERN.test(value)) {
    throw new ValidationFailed([{ field: 'form', message: 'report.submission_token_invalid' }]);
  }
  return value;
}

/** The token to put in a re-shown form: the one it came with, so fixing an error keeps the guard. */
export function keptSubmissionToken(value: unknown): string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value) ? value : newSubmissionToken();
}
