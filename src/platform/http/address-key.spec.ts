import { addressKey } from './address-key';

describe('addressKey', () => {
  const day = Date.UTC(2026, 10, 28, 10);

  it('is stable within a day and never contains the address', () => {
    const a = addressKey('203.0.113.7', day);
    expect(addressKey('203.0.113.7', day + 3_600_000)).toBe(a);
    expect(a).not.toContain('203');
    expect(addressKey('203.0.113.8', day)).not.toBe(a);
  });

  it('changes the next day, so counters cannot be linked across days', () => {
    const a = addressKey('203.0.113.7', day);
    expect(addressKey('203.0.113.7', day + 86_400_000)).not.toBe(a);
  });

  it('counts an IPv6 /64 as one client', () => {
    const next = Date.UTC(2026, 10, 30, 10);
    expect(addressKey('2001:db8:1:2:aaaa::1', next)).toBe(addressKey('2001:db8:1:2:bbbb::2', next));
  });
});
