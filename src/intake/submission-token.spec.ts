import { ValidationFailed } from '../platform/http/domain-error';
import { keptSubmissionToken, newSubmissionToken, parseSubmissionToken } from './submission-token';

describe('submission token', () => {
  it('is 256 random bits in base64url, different each time', () => {
    const tokens = new Set(Array.from({ length: 50 }, newSubmissionToken));
    expect(tokens.size).toBe(50);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('reads a posted token, none as null, and refuses a malformed one', () => {
    const token = newSubmissionToken();
    expect(parseSubmissionToken(token)).toBe(token);
    expect(parseSubmissionToken(undefined)).toBeNull();
    expect(parseSubmissionToken('')).toBeNull();
    for (const bad of ['short', `${token}x`, token.replace(/.$/, '+'), 42, [token]]) {
      expect(() => parseSubmissionToken(bad)).toThrow(ValidationFailed);
    }
  });

  it('keeps a good token in a re-shown form and replaces anything else', () => {
    const token = newSubmissionToken();
    expect(keptSubmissionToken(token)).toBe(token);
    const fresh = keptSubmissionToken('tampered');
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(keptSubmissionToken(undefined)).not.toBe(fresh);
  });
});
