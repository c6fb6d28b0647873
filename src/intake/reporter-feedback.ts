import { FieldErrors } from '../platform/http/domain-error';

export const FEEDBACK_COMMENT_MAX = 2000;

export interface FeedbackInput {
  rating: number;
  /** Trimmed; null when the reporter left it empty. */
  comment: string | null;
}

/**
 * The rating form or JSON body: `rating` a whole number 1–5 (a number, or its digits as a form
 * sends them), `comment` optional text up to FEEDBACK_COMMENT_MAX characters. Every problem at once.
 */
export function parseFeedback(ratingInput: unknown, commentInput: unknown): FeedbackInput {
  const errors = new FieldErrors();
  const rating = typeof ratingInput === 'number' ? ratingInput : typeof ratingInput === 'string' && /^\s*\d\s*$/.test(ratingInput) ? Number(ratingInput) : NaN;
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) errors.add('rating', 'feedback.rating_invalid');
  let comment: string | null = null;
  if (commentInput !== undefined && commentInput !== null) {
    if (typeof commentInput !== 'string') errors.add('comment', 'feedback.comment_invalid');
    else {
      comment = commentInput.replace(/\r\n/g, '\n').trim() || null;
      if (comment && comment.length > FEEDBACK_COMMENT_MAX) errors.add('comment', 'report.too_long', { max: FEEDBACK_COMMENT_MAX });
    }
  }
  errors.throwIfAny();
  return { rating, comment };
}
