import { loadConfig, ConfigError } from './app-config';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const c = loadConfig({}, '/srv/wbs');
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe('/srv/wbs/data');
    expect(c.databaseUrl).toBeNull();
    expect(c.eventTransport).toBe('local');
    expect(c.tzName).toBe('Asia/Makassar');
    expect(c.staff2fa).toBe('required');
    expect(c.attachments.maxFileBytes).toBe(25 * 1024 * 1024);
    expect(c.publicUrl).toBe('http://localhost:3000');
  });

  it.each([
    ['PORT', 'abc', /PORT.*not a whole number/],
    ['PORT', '70000', /PORT.*out of range/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL.*protocol mysql:/],
    ['EVENT_TRANSPORT', 'kafka', /EVENT_TRANSPORT.*local, nats/],
    ['TZ_NAME', 'Mars/Olympus', /TZ_NAME.*IANA/],
    ['STAFF_2FA', 'never', /STAFF_2FA.*required, optional/],
    ['SMTP_URL', 'not a url', /SMTP_URL.*not a valid URL/],
    ['MAIL_FROM', 'nobody', /MAIL_FROM.*not an e-mail/],
    ['SLA_SWEEP_CRON', 'sometimes', /SLA_SWEEP_CRON.*cron/],
  ])('refuses %s=%s with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('strips a trailing slash from PUBLIC_URL and marks cookies secure for https', () => {
    const c = loadConfig({ PUBLIC_URL: 'https://wbs.kendarikota.go.id/' });
    expect(c.publicUrl).toBe('https://wbs.kendarikota.go.id');
    expect(c.secureCookies).toBe(true);
  });
});
