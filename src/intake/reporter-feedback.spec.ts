import { ValidationFailed } from '../platform/http/domain-error';
import { FEEDBACK_COMMENT_MAX, parseFeedback } from './reporter-feedback';

describe(parseFeedback.name, () => {
  const errorsOf = (rating: unknown, comment?: unknown) => {
    try {
      parseFeedback(rating, comment);
    } catch (e) {
      if (e instanceof ValidationFailed) return e.errors.map((x) => x.field);
      throw e;
    }
    return [];
  };

  it('takes a whole rating 1–5, as a number or as the digit a form sends, and a trimmed comment', () => {
    expect(parseFeedback(5, '  bagus\r\nsekali  ')).toEqual({ rating: 5, comment: 'bagus\nsekali' });
    expect(parseFeedback('1', undefined)).toEqual({ rating: 1, comment: null });
    expect(parseFeedback(' 3 ', '   ')).toEqual({ rating: 3, comment: null });
    expect(parseFeedback(4, null)).toEqual({ rating: 4, comment: null });
  });

  it('refuses ratings outside 1–5 or not whole', () => {
    for (const bad of [0, 6, -1, 3.5, 'abc', '', '10', '4.0', null, undefined, true, [4], { r: 4 }, Number.NaN]) {
      expect({ bad, fields: errorsOf(bad) }).toEqual({ bad, fields: ['rating'] });
    }
  });

  it('refuses a comment over the limit or not text, with the rating error too when both are wrong', () => {
    expect(errorsOf(4, 'x'.repeat(FEEDBACK_COMMENT_MAX))).toEqual([]);
    expect(errorsOf(4, 'x'.repeat(FEEDBACK_COMMENT_MAX + 1))).toEqual(['comment']);
    expect(errorsOf(4, 42)).toEqual(['comment']);
    expect(errorsOf(9, 'x'.repeat(FEEDBACK_COMMENT_MAX + 1))).toEqual(['rating', 'comment']);
  });
});
