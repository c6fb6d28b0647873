import * as net from 'node:net';
import * as path from 'node:path';

/**
 * The only place that reads `process.env`. Every setting of CONTRACT.md is parsed and validated
 * here at boot; a wrong value stops the start with a message naming the setting and what it
 * accepts (ConfigError).
 */
export type EventTransport = 'local' | 'nats';
export type StaffTwoFactor = 'required' | 'optional';
export type RateLimitBucket = 'login' | 'report' | 'track' | 'reporterMessage';
/** Where rate-limit counters live: this process's memory, or PostgreSQL shared by every instance. */
export type RateLimitStoreKind = 'memory' | 'postgres';
/** What a process runs: `web` (HTTP, case work, jobs, the audit recorder), `notifications` (mail). */
export type AppPart = 'web' | 'notifications';
export const APP_PARTS: readonly AppPart[] = ['web', 'notifications'];
/** The inspectorate's zone (WITA), when TZ_NAME is not set. */
export const DEFAULT_TZ_NAME = 'Asia/Makassar';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** When the alert check looks at the figures (ALERTS_CHECK_CRON): every minute. */
export const ALERTS_CHECK_SCHEDULE = '* * * * *';
/** When the app verifies the audit chain itself (AUDIT_VERIFY_CRON): daily at 03:15 local time, after the retention run. */
export const AUDIT_VERIFICATION_SCHEDULE = '15 3 * * *';

/**
 * Thresholds of the alerts on unusual activity (docs/operations.md, "Alerts"). Each alert is
 * raised once per window of its kind, cluster-wide.
 */
export interface AlertSettings {
  checkCron: string;
  auditVerifyCron: string;
  /** Reports (web and API) in the current clock hour at or above max(minPerHour, factor × median of the previous baselineHours hours). */
  submissions: { minPerHour: number; factor: number; baselineHours: number };
  /** Failed staff sign-ins and failed receipt attempts are counted in fixed windows of this many minutes. */
  failedWindowMinutes: number;
  failedSignIns: number;
  failedReceipts: number;
  /** Parked mails, parked event deliveries: at or above. */
  parkedMail: number;
  parkedEvents: number;
  /** Share of the file system under DATA_DIR in use, in per cent: at or above. */
  diskUsedPercent: number;
  /** A condition that lasts (parked work, a full disk, a broken chain) is told again once per this many hours. */
  repeatHours: number;
}

export interface AppConfig {
  port: number;
  databaseUrl: string | null;
  dataDir: string;
  smtpUrl: string | null;
  mailFrom: string;
  publicUrl: string;
  eventTransport: EventTransport;
  /** WBS_MODULES: the parts this process runs (default both). */
  parts: ReadonlySet<AppPart>;
  natsUrl: string;
  tzName: string;
  slaSweepCron: string;
  /** When held notices go out as one digest per staff member (local time, TZ_NAME). */
  mailDigestCron: string;
  /** When the retention job (notices 30 days ahead, then purges) runs, local time. */
  retentionCron: string;
  /** Mail delivery: how often the queue is polled, and the retry schedule of temporary failures. */
  mail: { pollMs: number; retryBaseMs: number; retryMaxMs: number; maxAttempts: number };
  staff2fa: StaffTwoFactor;
  logLevel: LogLevel;
  /** Deployment secrets given in the environment; otherwise files under dataDir are used. */
  receiptSecret: string | null;
  tokenSecret: string | null;
  attachments: { maxFileBytes: number; maxTotalBytes: number; maxFiles: number };
  /**
   * Uploads received at once by this instance (beyond: 503 with Retry-After), and file bytes one
   * client (a daily-rotating hash of its address) may send per day (beyond: 429).
   */
  uploads: { maxConcurrent: number; dailyQuotaBytes: number };
  /** Minutes of inactivity after which a staff session ends. */
  staffSessionMinutes: number;
  /** Minutes a reporter's tracking session lasts. */
  reporterSessionMinutes: number;
  /** Set by tests to trade Argon2id strength for speed; never in production. */
  kdfMemoryKiB: number;
  /** Cookies are marked Secure when the public URL is https. */
  secureCookies: boolean;
  /** Express `trust proxy`: how many reverse proxies sit in front (0: none). */
  trustProxy: number;
  /** Connections each app instance keeps to PostgreSQL. */
  databasePoolSize: number;
  /** Requests one instance works on at once; more are refused with 503 and Retry-After (MAX_IN_FLIGHT). */
  maxInFlight: number;
  /** On a stop, how long the listener still serves after /health/ready turned 503 (SHUTDOWN_GRACE_MS). */
  shutdownGraceMs: number;
  /** The detailed /health turns 503 when the oldest pending event or mail is older than this (HEALTH_MAX_BACKLOG_AGE_SECONDS). */
  healthMaxBacklogAgeSeconds: number;
  /** Statistics show a count (or a share or median of a group) only for groups at least this big. */
  statsMinGroup: number;
  /** Attempts per minute per client (keyed by a hash of the address, in memory only). */
  rateLimits: Record<RateLimitBucket, number>;
  /** RATE_LIMIT_STORE: `postgres` by default with EVENT_TRANSPORT=nats (several instances), else `memory`. */
  rateLimitStore: RateLimitStoreKind;
  /** API_DOCS_PUBLIC=true serves /api/docs to anyone; otherwise only to signed-in staff. */
  apiDocsPublic: boolean;
  /**
   * ONION_ADDRESS: the site's Tor onion service (`http://<56 base32 chars>.onion`), or null.
   * Shown in the safety advice on public pages and sent as `Onion-Location`.
   */
  onionAddress: string | null;
  /**
   * Where `/metrics` is served; never public by default. `port`: a separate listener on `host`
   * that serves only /metrics. `token`: a Bearer token /metrics requires (on the main port, and
   * on the separate one too when both are set). Neither: /metrics answers 404.
   */
  metrics: { port: number | null; host: string; token: string | null };
  /** Alerts on unusual activity: when they are checked and their thresholds. */
  alerts: AlertSettings;
}

export class ConfigError extends Error {
  constructor(setting: string, problem: string) {
    super(`Invalid setting ${setting}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `"${raw}" is not a whole number (accepted: ${min} to ${max})`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `${n} is out of range (accepted: ${min} to ${max})`);
  return n;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `"${raw}" is not one of: ${allowed.join(', ')}`);
  }
  return raw as T;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = str(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `not a valid URL (expected ${protocols.map((p) => p + '//…').join(' or ')})`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `protocol ${parsed.protocol} is not accepted (expected ${protocols.join(' or ')})`);
  }
  return raw;
}

function timeZone(env: Env, name: string, fallback: string): string {
  const tz = str(env, name) ?? fallback;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw new ConfigError(name, `"${tz}" is not an IANA time zone (e.g. Asia/Makassar)`);
  }
  return tz;
}

/** A comma-separated subset of APP_PARTS, or `all` (the default). */
function parts(env: Env, name: string): ReadonlySet<AppPart> {
  const raw = str(env, name) ?? 'all';
  if (raw === 'all') return new Set(APP_PARTS);
  const list = raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const unknown = list.filter((p) => !(APP_PARTS as readonly string[]).includes(p));
  if (list.length === 0 || unknown.length) throw new ConfigError(name, `"${raw}" must be all, or a comma-separated list of: ${APP_PARTS.join(', ')}`);
  return new Set(list as AppPart[]);
}

/** A cron expression of 5 or 6 fields, or `off` (the job then runs only through the CLI). */
function cron(env: Env, name: string, fallback: string): string {
  const raw = str(env, name) ?? fallback;
  if (raw === 'off') return raw;
  const fields = raw.split(/\s+/);
  if (fields.length < 5 || fields.length > 6 || !fields.every((f) => /^[\d*/,\-A-Za-z?]+$/.test(f))) {
    throw new ConfigError(name, `"${raw}" is not a cron expression of 5 or 6 fields (e.g. "* * * * *") or off`);
  }
  return raw;
}

/** A listen address for a server socket: an IP address or a host name, never a URL. */
function host(env: Env, name: string, fallback: string): string {
  const raw = str(env, name) ?? fallback;
  const hostname = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
  if (!net.isIP(raw) && !hostname.test(raw)) {
    throw new ConfigError(name, `"${raw}" is not an IP address or host name (e.g. 127.0.0.1, ::1 or 10.0.0.5)`);
  }
  return raw;
}

/** A Bearer token someone chose: long enough not to be guessed, and sendable in a header as is. */
function token(env: Env, name: string, minLength: number): string | null {
  const raw = str(env, name);
  if (raw === undefined) return null;
  if (!/^[\x21-\x7e]+$/.test(raw)) throw new ConfigError(name, 'must be printable ASCII without spaces (e.g. from `openssl rand -hex 32`)');
  if (raw.length < minLength) throw new ConfigError(name, `must be at least ${minLength} characters long, it has ${raw.length} (e.g. from \`openssl rand -hex 32\`)`);
  return raw;
}

/**
 * A v3 onion service host (version 2 addresses stopped working in Tor in 2021), with or without
 * `http://`; kept as the origin `http://<host>.onion`. Tor Browser needs no https there.
 */
function onion(env: Env, name: string): string | null {
  const raw = str(env, name);
  if (raw === undefined) return null;
  const match = /^(?:http:\/\/)?([a-z2-7]{56}\.onion)\/?$/i.exec(raw);
  if (!match) throw new ConfigError(name, `"${raw}" is not a v3 onion address (56 letters a-z and digits 2-7, then .onion, optionally after http://)`);
  return `http://${match[1].toLowerCase()}`;
}

function email(env: Env, name: string, fallback: string): string {
  const raw = str(env, name) ?? fallback;
  const address = raw.match(/<([^>]+)>\s*$/)?.[1] ?? raw;
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(address)) throw new ConfigError(name, `"${raw}" is not an e-mail address`);
  return raw;
}

const MiB = 1024 * 1024;

export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const port = int(env, 'PORT', 3000, 0, 65535);
  const publicUrl = (url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const maxFileMiB = int(env, 'ATTACHMENT_MAX_FILE_MB', 25, 1, 1024);
  const maxTotalMiB = int(env, 'ATTACHMENT_MAX_TOTAL_MB', 100, 1, 4096);
  if (maxTotalMiB < maxFileMiB) {
    throw new ConfigError('ATTACHMENT_MAX_TOTAL_MB', `must be at least ATTACHMENT_MAX_FILE_MB (${maxFileMiB})`);
  }
  const dailyQuotaMiB = int(env, 'UPLOAD_DAILY_QUOTA_MB', 1024, 1, 1_048_576);
  if (dailyQuotaMiB < maxTotalMiB) {
    throw new ConfigError('UPLOAD_DAILY_QUOTA_MB', `must be at least ATTACHMENT_MAX_TOTAL_MB (${maxTotalMiB}), or no full report could be sent`);
  }
  const metricsPort = str(env, 'METRICS_PORT') === undefined ? null : int(env, 'METRICS_PORT', 0, 1, 65535);
  if (metricsPort !== null && metricsPort === port) throw new ConfigError('METRICS_PORT', `must differ from PORT (${port})`);
  const eventTransport = oneOf(env, 'EVENT_TRANSPORT', ['local', 'nats'] as const, 'local');
  const config = {
    port,
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']) ?? null,
    dataDir: path.resolve(cwd, str(env, 'DATA_DIR') ?? './data'),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']) ?? null,
    mailFrom: email(env, 'MAIL_FROM', 'WBS Inspektorat <wbs@localhost>'),
    publicUrl,
    eventTransport,
    parts: parts(env, 'WBS_MODULES'),
    natsUrl: url(env, 'NATS_URL', ['nats:', 'tls:']) ?? 'nats://127.0.0.1:4222',
    tzName: timeZone(env, 'TZ_NAME', DEFAULT_TZ_NAME),
    slaSweepCron: cron(env, 'SLA_SWEEP_CRON', '* * * * *'),
    mailDigestCron: cron(env, 'MAIL_DIGEST_CRON', '0 7 * * *'),
    retentionCron: cron(env, 'RETENTION_CRON', '30 2 * * *'),
    // Defaults: 30 s, 1 min, 2 min … capped at 1 h, ten tries: about 5 hours of outage before a mail parks.
    mail: {
      pollMs: int(env, 'MAIL_POLL_MS', 2000, 50, 600_000),
      retryBaseMs: int(env, 'MAIL_RETRY_BASE_MS', 30_000, 10, 3_600_000),
      retryMaxMs: int(env, 'MAIL_RETRY_MAX_MS', 3_600_000, 10, 86_400_000),
      maxAttempts: int(env, 'MAIL_MAX_ATTEMPTS', 10, 1, 100),
    },
    staff2fa: oneOf(env, 'STAFF_2FA', ['required', 'optional'] as const, 'required'),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    receiptSecret: str(env, 'RECEIPT_SECRET') ?? null,
    tokenSecret: str(env, 'TOKEN_SECRET') ?? null,
    attachments: {
      maxFileBytes: maxFileMiB * MiB,
      maxTotalBytes: maxTotalMiB * MiB,
      maxFiles: int(env, 'ATTACHMENT_MAX_FILES', 10, 1, 100),
    },
    uploads: {
      maxConcurrent: int(env, 'UPLOAD_MAX_CONCURRENT', 8, 1, 1000),
      dailyQuotaBytes: dailyQuotaMiB * MiB,
    },
    staffSessionMinutes: int(env, 'STAFF_SESSION_MINUTES', 60, 5, 24 * 60),
    reporterSessionMinutes: int(env, 'REPORTER_SESSION_MINUTES', 30, 5, 24 * 60),
    kdfMemoryKiB: int(env, 'KDF_MEMORY_KIB', 65536, 1024, 1024 * 1024),
    secureCookies: publicUrl.startsWith('https:'),
    trustProxy: int(env, 'TRUST_PROXY', 0, 0, 10),
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 10, 2, 200),
    maxInFlight: int(env, 'MAX_IN_FLIGHT', 64, 4, 10_000),
    shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 2000, 0, 3000),
    healthMaxBacklogAgeSeconds: int(env, 'HEALTH_MAX_BACKLOG_AGE_SECONDS', 900, 60, 7 * 24 * 3600),
    statsMinGroup: int(env, 'STATS_MIN_GROUP', 3, 1, 100),
    rateLimits: {
      login: int(env, 'RATE_LIMIT_LOGIN', 10, 1, 1_000_000),
      report: int(env, 'RATE_LIMIT_REPORT', 10, 1, 1_000_000),
      track: int(env, 'RATE_LIMIT_TRACK', 10, 1, 1_000_000),
      reporterMessage: int(env, 'RATE_LIMIT_REPORTER_MESSAGE', 20, 1, 1_000_000),
    },
    // Several instances are what EVENT_TRANSPORT=nats is for: their limits must hold together.
    rateLimitStore: oneOf(env, 'RATE_LIMIT_STORE', ['memory', 'postgres'] as const, eventTransport === 'nats' ? 'postgres' : 'memory'),
    apiDocsPublic: oneOf(env, 'API_DOCS_PUBLIC', ['true', 'false'] as const, 'false') === 'true',
    onionAddress: onion(env, 'ONION_ADDRESS'),
    metrics: {
      port: metricsPort,
      host: host(env, 'METRICS_HOST', '127.0.0.1'),
      token: token(env, 'METRICS_TOKEN', 32),
    },
    alerts: alertSettings(env),
  };
  // With the in-process transport an event reaches only this process's subscribers: a process
  // without every part would leave the other parts' subscribers without their events.
  if (config.parts.size < APP_PARTS.length && config.eventTransport !== 'nats') {
    throw new ConfigError('WBS_MODULES', `running only ${[...config.parts].join(', ')} needs EVENT_TRANSPORT=nats, so the other parts receive their events`);
  }
  return config;
}

function alertSettings(env: Env): AlertSettings {
  return {
    checkCron: cron(env, 'ALERTS_CHECK_CRON', ALERTS_CHECK_SCHEDULE),
    auditVerifyCron: cron(env, 'AUDIT_VERIFY_CRON', AUDIT_VERIFICATION_SCHEDULE),
    submissions: {
      minPerHour: int(env, 'ALERT_SUBMISSIONS_MIN_PER_HOUR', 10, 1, 1_000_000),
      factor: int(env, 'ALERT_SUBMISSIONS_FACTOR', 5, 2, 1000),
      baselineHours: int(env, 'ALERT_SUBMISSIONS_BASELINE_HOURS', 168, 1, 24 * 90),
    },
    failedWindowMinutes: int(env, 'ALERT_FAILED_WINDOW_MINUTES', 15, 1, 24 * 60),
    failedSignIns: int(env, 'ALERT_FAILED_SIGN_INS', 20, 1, 1_000_000),
    failedReceipts: int(env, 'ALERT_FAILED_RECEIPTS', 20, 1, 1_000_000),
    parkedMail: int(env, 'ALERT_PARKED_MAIL', 1, 1, 1_000_000),
    parkedEvents: int(env, 'ALERT_PARKED_EVENTS', 1, 1, 1_000_000),
    diskUsedPercent: int(env, 'ALERT_DISK_USED_PERCENT', 90, 1, 100),
    repeatHours: int(env, 'ALERT_REPEAT_HOURS', 24, 1, 24 * 7),
  };
}

/** Whether this process runs a part (WBS_MODULES). */
export function runs(config: Pick<AppConfig, 'parts'>, part: AppPart): boolean {
  return config.parts.has(part);
}

/** Injection token for the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
