import { FixedClock } from '../platform/clock/clock';
import { TrackFormTokens } from './track-form-token';

describe(TrackFormTokens.name, () => {
  const secrets = { tokenSecret: Buffer.alloc(32, 9), receiptSecret: Buffer.alloc(32, 8) };
  const start = new Date(Date.UTC(2026, 11, 7, 10, 0, 0));

  it('accepts its own token from the same client, in this and the next hour window', () => {
    const clock = new FixedClock(start);
    const tokens = new TrackFormTokens(secrets, clock);
    const token = tokens.issue('203.0.113.7');
    expect(tokens.isValid(token, '203.0.113.7')).toBe(true);
    clock.advance(119 * 60_000);
    expect(tokens.isValid(token, '203.0.113.7')).toBe(true);
    clock.advance(60_000);
    expect(tokens.isValid(token, '203.0.113.7')).toBe(false);
  });

  it('refuses it from another client, another deployment, or altered', () => {
    const clock = new FixedClock(start);
    const tokens = new TrackFormTokens(secrets, clock);
    const token = tokens.issue('203.0.113.7');
    expect(tokens.isValid(token, '198.51.100.1')).toBe(false);
    expect(new TrackFormTokens({ ...secrets, tokenSecret: Buffer.alloc(32, 1) }, clock).isValid(token, '203.0.113.7')).toBe(false);
    const [w, nonce, mac] = token.split('.');
    expect(tokens.isValid(`${Number(w) + 1}.${nonce}.${mac}`, '203.0.113.7')).toBe(false);
    expect(tokens.isValid(`${w}.${'A'.repeat(16)}.${mac}`, '203.0.113.7')).toBe(false);
    for (const bad of [undefined, '', 'x', 42, `${w}.${nonce}`]) expect(tokens.isValid(bad, '203.0.113.7')).toBe(false);
  });

  it('gives each form its own token, and one IPv6 /64 counts as one client', () => {
    const tokens = new TrackFormTokens(secrets, new FixedClock(start));
    expect(tokens.issue('203.0.113.7')).not.toBe(tokens.issue('203.0.113.7'));
    expect(tokens.isValid(tokens.issue('2001:db8:1:2::a'), '2001:db8:1:2::b')).toBe(true);
  });
});
