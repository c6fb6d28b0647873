import { ClientKeys } from './client-keys';

describe(ClientKeys.name, () => {
  const secret = Buffer.alloc(32, 3);
  const day = new Date(Date.UTC(2026, 10, 28, 10));
  const later = (ms: number) => new Date(day.getTime() + ms);

  it('is stable within a day and never contains the address', () => {
    const keys = new ClientKeys(secret);
    const a = keys.address('203.0.113.7', day);
    expect(keys.address('203.0.113.7', later(3_600_000))).toBe(a);
    expect(a).not.toContain('203');
    expect(keys.address('203.0.113.8', day)).not.toBe(a);
  });

  it('changes the next day, so counters cannot be linked across days', () => {
    const keys = new ClientKeys(secret);
    expect(keys.address('203.0.113.7', later(86_400_000))).not.toBe(keys.address('203.0.113.7', day));
  });

  it('gives every instance of a deployment the same key, and another deployment a different one', () => {
    expect(new ClientKeys(Buffer.from(secret)).address('203.0.113.7', day)).toBe(new ClientKeys(secret).address('203.0.113.7', day));
    expect(new ClientKeys(Buffer.alloc(32, 4)).address('203.0.113.7', day)).not.toBe(new ClientKeys(secret).address('203.0.113.7', day));
  });

  it('keys a typed address case-insensitively and apart from client addresses', () => {
    const keys = new ClientKeys(secret);
    expect(keys.account(' Irban@Kendarikota.go.id ', day)).toBe(keys.account('irban@kendarikota.go.id', day));
    expect(keys.account('203.0.113.7', day)).not.toBe(keys.address('203.0.113.7', day));
  });

  it('counts an IPv6 /64 as one client', () => {
    const keys = new ClientKeys(secret);
    expect(keys.address('2001:db8:1:2:aaaa::1', day)).toBe(keys.address('2001:db8:1:2:bbbb::2', day));
  });
});
