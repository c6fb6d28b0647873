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
    ['RATE_LIMIT_STORE', 'redis', /RATE_LIMIT_STORE.*memory, postgres/],
    ['API_DOCS_PUBLIC', 'yes', /API_DOCS_PUBLIC.*true, false/],
    ['ALERTS_CHECK_CRON', 'often', /ALERTS_CHECK_CRON.*cron/],
    ['AUDIT_VERIFY_CRON', 'daily', /AUDIT_VERIFY_CRON.*cron/],
    ['ALERT_SUBMISSIONS_FACTOR', '1', /ALERT_SUBMISSIONS_FACTOR.*out of range \(accepted: 2 to 1000\)/],
    ['ALERT_SUBMISSIONS_MIN_PER_HOUR', '0', /ALERT_SUBMISSIONS_MIN_PER_HOUR.*out of range/],
    ['ALERT_FAILED_SIGN_INS', 'many', /ALERT_FAILED_SIGN_INS.*not a whole number/],
    ['ALERT_DISK_USED_PERCENT', '101', /ALERT_DISK_USED_PERCENT.*out of range \(accepted: 1 to 100\)/],
    ['ALERT_REPEAT_HOURS', '0', /ALERT_REPEAT_HOURS.*out of range/],
  ])('refuses %s=%s with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('has sensible alert thresholds by default, each one a setting', () => {
    expect(loadConfig({}).alerts).toEqual({
      checkCron: '* * * * *',
      auditVerifyCron: '15 3 * * *',
      submissions: { minPerHour: 10, factor: 5, baselineHours: 168 },
      failedWindowMinutes: 15,
      failedSignIns: 20,
      failedReceipts: 20,
      parkedMail: 1,
      parkedEvents: 1,
      diskUsedPercent: 90,
      repeatHours: 24,
    });
    expect(loadConfig({ ALERT_DISK_USED_PERCENT: '75', ALERT_FAILED_SIGN_INS: '50', AUDIT_VERIFY_CRON: 'off' }).alerts).toMatchObject({
      diskUsedPercent: 75,
      failedSignIns: 50,
      auditVerifyCron: 'off',
    });
  });

  it('counts rate limits in memory on one server, in PostgreSQL with NATS (several instances), as told otherwise', () => {
    expect(loadConfig({}).rateLimitStore).toBe('memory');
    expect(loadConfig({ EVENT_TRANSPORT: 'nats' }).rateLimitStore).toBe('postgres');
    expect(loadConfig({ EVENT_TRANSPORT: 'nats', RATE_LIMIT_STORE: 'memory' }).rateLimitStore).toBe('memory');
    expect(loadConfig({ RATE_LIMIT_STORE: 'postgres' }).rateLimitStore).toBe('postgres');
  });

  it('keeps the API docs for staff unless API_DOCS_PUBLIC=true', () => {
    expect(loadConfig({}).apiDocsPublic).toBe(false);
    expect(loadConfig({ API_DOCS_PUBLIC: 'true' }).apiDocsPublic).toBe(true);
  });

  it('takes a v3 ONION_ADDRESS with or without http://, and refuses anything else by name', () => {
    const host = 'a'.repeat(52) + '2345.onion';
    expect(loadConfig({}).onionAddress).toBeNull();
    expect(loadConfig({ ONION_ADDRESS: host.toUpperCase() }).onionAddress).toBe(`http://${host}`);
    expect(loadConfig({ ONION_ADDRESS: `http://${host}/` }).onionAddress).toBe(`http://${host}`);
    for (const bad of ['expyuzz4wqqyqhjn.onion', `https://${host}`, `${'a'.repeat(55)}1.onion`, `http://${host}/path`, 'example.com']) {
      expect(() => loadConfig({ ONION_ADDRESS: bad })).toThrow(/Invalid setting ONION_ADDRESS: .* is not a v3 onion address/);
    }
  });

  it('strips a trailing slash from PUBLIC_URL and marks cookies secure for https', () => {
    const c = loadConfig({ PUBLIC_URL: 'https://wbs.kendarikota.go.id/' });
    expect(c.publicUrl).toBe('https://wbs.kendarikota.go.id');
    expect(c.secureCookies).toBe(true);
  });
});

describe('loadConfig: metrics exposure', () => {
  const TOKEN = 'f3a9c1d27b8e4f60a5d3c2b1e0f9a8b7';

  it('exposes /metrics nowhere by default, and would listen on loopback only', () => {
    expect(loadConfig({}).metrics).toEqual({ port: null, host: '127.0.0.1', token: null });
  });

  it('takes a separate port, a listen address and a token', () => {
    const c = loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5', METRICS_TOKEN: TOKEN });
    expect(c.metrics).toEqual({ port: 9464, host: '10.0.0.5', token: TOKEN });
    expect(loadConfig({ METRICS_HOST: '::1' }).metrics.host).toBe('::1');
    expect(loadConfig({ METRICS_HOST: 'localhost' }).metrics.host).toBe('localhost');
  });

  it.each([
    ['METRICS_PORT', '0', /METRICS_PORT.*out of range \(accepted: 1 to 65535\)/],
    ['METRICS_PORT', '65536', /METRICS_PORT.*out of range/],
    ['METRICS_PORT', '94x', /METRICS_PORT.*not a whole number/],
    ['METRICS_PORT', '3000', /METRICS_PORT: must differ from PORT \(3000\)/],
    ['METRICS_HOST', 'http://10.0.0.5', /METRICS_HOST.*not an IP address or host name/],
    ['METRICS_HOST', '10.0.0.5:9464', /METRICS_HOST.*not an IP address or host name/],
    ['METRICS_TOKEN', 'short-token', /METRICS_TOKEN: must be at least 32 characters long, it has 11/],
    ['METRICS_TOKEN', `${TOKEN} ${TOKEN}`, /METRICS_TOKEN: must be printable ASCII without spaces/],
  ])('refuses %s=%s with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
