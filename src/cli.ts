import 'reflect-metadata';
import fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createAppContext, Database, openDatabase } from './bootstrap';
import { AuditChainer } from './audit';
import { DemoAlreadySeeded, seedDemo } from './demo';
import { AuditVerifier } from './audit';
import { SlaSweepJob } from './cases';
import { InsightsCountsRebuild } from './insights';
import { RetentionJob } from './retention';
import { MailDeliveryWorker } from './notifications';
import { Clock, SystemClock } from './platform/clock/clock';
import { checkReferenceTime, parseReferenceTime } from './platform/clock/reference-time';
import type { ClusterJobRun } from './platform/jobs/cluster-job';
import { EventDispatcher } from './platform/events/event-dispatcher';
import { APP_CONFIG, AppConfig, ConfigError, loadConfig } from './platform/config/app-config';
import { ValidationFailed, DomainError } from './platform/http/domain-error';
import { t } from './platform/i18n/i18n';
import { createLogger } from './platform/logging/logger';
import { parseRoles, ALL_ROLES } from './staff';
import { StaffService } from './staff';
import { EscrowService } from './staff';
import { escrowKeyFilePath, escrowKeyId } from './staff';
import { writeEscrowShareFiles } from './staff';
import { MAX_SHARES, splitEscrowKey } from './staff';
import './staff';

/**
 * `npm run cli -- <command>`: operations with the same settings as the server, on the same
 * database (the embedded one too, whether the server runs or not).
 */
type AppContext = Awaited<ReturnType<typeof createAppContext>>;
/** Runs `fn` with the application booted on the command's database, and closes it after. */
type WithApp = <T>(fn: (app: AppContext) => Promise<T>) => Promise<T>;
/** Opens (and migrates) the command's database on first use, so refused input never waits for it. */
type OpenDatabase = () => Promise<Database>;
type Command = (args: string[], withApp: WithApp, database: OpenDatabase) => Promise<number>;

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                                   apply pending database migrations
  staff:create --email E --name N --roles r1,r2 [--password P] [--opd CODE]
                                            create a staff account (roles: ${ALL_ROLES.join(', ')};
                                            custodian only alone), roles given at once;
                                            without --password a one-time password is printed
  sla:sweep [--now ISO-8601] [--dry-run | --force]
                                            sends due SLA reminders and breach notices once (as the
                                            scheduled sweep does), then delivers the resulting mail;
                                            --now sweeps what was due at that time (the mail, the
                                            outbox and the audit log keep the real time); a time
                                            more than 5 minutes ahead needs --force; --dry-run
                                            prints what would be sent and writes nothing
  retention:purge [--now ISO-8601] [--dry-run | --force]
                                            tells supervisors of cases whose retention ends within
                                            30 days, and destroys the content and keys of cases
                                            whose retention has ended (as the daily job does);
                                            --now, --dry-run and --force as for sla:sweep
  seed:demo                                 demo staff for every role (one-time passwords printed)
                                            and three invented reports, to try the system; once
  escrow:split --shares N --threshold K [--key-file PATH|-] [--out DIR]
                                            splits the escrow private key into N shares, any K of
                                            which recover it (Shamir), one file each in a new
                                            directory (default DATA_DIR/secrets/escrow-shares-…);
                                            the key is read from --key-file (default: its file in
                                            DATA_DIR/secrets), or from a pipe with --key-file -;
                                            nothing secret is printed
  insights:rebuild                          builds the statistics' counts again from the cases
                                            (the server does it by itself after an upgrade that
                                            needs it); safe while servers run: events wait for it
  audit:verify                              recomputes the audit log's hash chain from the first
                                            entry; exit status 1 and the first broken entry if
                                            it does not hold
`;

const commands: Record<string, Command> = {
  async 'escrow:split'(args, withApp) {
    const { values } = parseArgs({
      args,
      options: { shares: { type: 'string' }, threshold: { type: 'string' }, 'key-file': { type: 'string' }, out: { type: 'string' } },
      strict: true,
    });
    const shares = wholeNumber(values.shares);
    const threshold = wholeNumber(values.threshold);
    if (shares === null || shares < 2 || shares > MAX_SHARES) return fail(`--shares must be a whole number from 2 to ${MAX_SHARES}.\n\n${USAGE}`);
    if (threshold === null || threshold < 2 || threshold > shares) return fail(`--threshold must be a whole number from 2 to --shares (${shares}).\n\n${USAGE}`);
    if (values['key-file'] === '-' && process.stdin.isTTY) {
      return fail('Typing the key here would show it on the screen: pipe it in (e.g. `gpg -d escrow.gpg | npm run cli -- escrow:split … --key-file -`) or give its file.');
    }
    return withApp(async (app) => {
      const config = app.get<AppConfig>(APP_CONFIG);
      const escrow = app.get(EscrowService);
      const publicKey = await escrow.publicKey();
      if (!publicKey) return fail('There is no escrow key yet: it is made with the first staff account.');
      const keyId = escrowKeyId(publicKey);
      const keyFile = values['key-file'] ?? escrowKeyFilePath(config.dataDir, keyId);
      let keyText: string;
      try {
        keyText = keyFile === '-' ? await readStdin() : fs.readFileSync(keyFile, 'utf8');
      } catch (e) {
        return fail(`Cannot read the escrow key from ${keyFile} (${(e as NodeJS.ErrnoException).code ?? 'error'}): give its file with --key-file PATH, or pipe it in with --key-file -.`);
      }
      const { privateKey } = await escrow.recover({ key: keyText, shares: [] });
      let printed: string[];
      try {
        printed = await splitEscrowKey(privateKey, publicKey, shares, threshold);
      } finally {
        privateKey.fill(0);
      }
      let written;
      try {
        written = writeEscrowShareFiles(config.dataDir, printed, values.out, new Date());
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        return fail(
          code === 'EEXIST' ? `${values.out ?? 'The share directory'} exists already; shares are never written over. Choose another --out.` : `Cannot write the shares: ${(e as Error).message}`,
        );
      }
      process.stdout.write(
        [
          `Escrow key ${keyId} split into ${shares} shares; any ${threshold} recover it (every group of ${threshold} was checked).`,
          `One file per share, readable by this user only, in ${written.dir}:`,
          ...written.files.map((f) => `  ${path.basename(f)}`),
          'Give each share to a different keeper (print it, seal it), then delete the shares and the key file from this server:',
          `  shred -u ${written.dir}/share-*.txt && rmdir ${written.dir}`,
          ...(keyFile !== '-' ? [`  shred -u ${keyFile}`] : []),
          '',
        ].join('\n'),
      );
      return 0;
    });
  },

  async 'seed:demo'(args, withApp) {
    parseArgs({ args, options: {}, strict: true });
    return withApp(async (app) => {
      let r;
      try {
        r = await seedDemo(app);
      } catch (e) {
        if (e instanceof DemoAlreadySeeded) return fail(e.message);
        throw e;
      }
      process.stdout.write('Demo staff (one-time passwords, to be changed at first sign-in at /staff/login):\n');
      for (const s of r.staff) process.stdout.write(`  ${s.email.padEnd(36)} ${s.roles.join(',').padEnd(11)} ${s.oneTimePassword ?? '(password unchanged)'}\n`);
      if (r.escrowKeyFile) process.stdout.write(`\n${escrowKeyFileLine(r.escrowKeyFile)}`);
      process.stdout.write(`\nDemo reports filed; their receipts (for /track):\n${r.receipts.map((x) => `  ${x}`).join('\n')}\n`);
      return 0;
    });
  },

  async 'retention:purge'(args, withApp) {
    return jobCommand(args, withApp, 'Another instance is running the retention job right now', {
      async preview(app, at) {
        const p = await app.get(RetentionJob).preview(at);
        process.stdout.write(`Dry run as of ${at.toISOString()}, nothing written: ${p.notice.length} cases would be noticed, ${p.purge.length} purged.\n`);
        for (const n of p.notice) process.stdout.write(`  notice  ${n}\n`);
        for (const n of p.purge) process.stdout.write(`  purge   ${n}\n`);
      },
      run: (app, asOf) => app.get(RetentionJob).run({ asOf }),
      async report(app, r) {
        await app.get(AuditChainer).chainPending();
        await app.get(EventDispatcher).drainNow();
        await app.get(MailDeliveryWorker).deliverDue();
        process.stdout.write(`Retention at ${r.at}: ${r.noticed} cases noticed (retention ends within 30 days), ${r.purged} purged, ${r.failed} failed.\n`);
        return r.failed ? 1 : 0;
      },
    });
  },

  async 'insights:rebuild'(args, withApp) {
    parseArgs({ args, options: {}, strict: true });
    return withApp(async (app) => {
      const r = await app.get(InsightsCountsRebuild).rebuild();
      process.stdout.write(`Statistics counts rebuilt from ${r.cases} cases and ${r.moves} status moves in ${r.durationMs} ms.\n`);
      return 0;
    });
  },

  async 'audit:verify'(args, withApp) {
    parseArgs({ args, options: {}, strict: true });
    return withApp(async (app) => {
      // Entries written moments ago by a server get their place first, as the server would.
      await app.get(AuditChainer).chainPending();
      const r = await app.get(AuditVerifier).verify();
      const rate = r.durationMs > 0 ? Math.round((r.checked / r.durationMs) * 1000) : r.checked;
      process.stdout.write(`Audit log: ${r.checked} entries checked in ${r.durationMs.toFixed(0)} ms (${rate} entries/s)${r.unchained ? `, ${r.unchained} not chained yet` : ''}.\n`);
      if (r.ok) {
        process.stdout.write('The chain holds.\n');
        return 0;
      }
      process.stdout.write(`BROKEN at entry ${r.firstBroken!.seq}: ${r.firstBroken!.problem}.\n`);
      return 1;
    });
  },

  async 'sla:sweep'(args, withApp) {
    return jobCommand(args, withApp, 'Another instance is sweeping right now', {
      async preview(app, at) {
        const items = await app.get(SlaSweepJob).preview(at);
        const count = (n: string) => items.filter((i) => i.notice === n).length;
        process.stdout.write(
          `Dry run as of ${at.toISOString()}, nothing written or sent: ${count('reminder')} reminders, ${count('breach')} breaches, ${count('repeat')} repeat notices would go out.\n`,
        );
        const to = { reminder: 'to the assignees', breach: 'to every supervisor', repeat: 'to every supervisor' } as const;
        for (const i of items) process.stdout.write(`  ${i.notice.padEnd(8)} ${i.caseNumber}  ${i.kind.padEnd(13)} due ${i.dueAt.toISOString()}  ${to[i.notice]}\n`);
      },
      run: (app, asOf) => app.get(SlaSweepJob).run({ asOf }),
      async report(app, result) {
        // Hand the new events to their subscribers and send the mail they queued, so the
        // command's effect is complete when it returns (a running server would do it too).
        await app.get(EventDispatcher).drainNow();
        const mail = await app.get(MailDeliveryWorker).deliverDue();
        process.stdout.write(
          `SLA sweep at ${result.at}: ${result.reminders} reminders, ${result.breaches} breaches, ${result.escalations} repeat notices ` +
            `in ${result.durationMs.toFixed(1)} ms; mail sent ${mail.sent}, to retry ${mail.retried}, parked ${mail.parked}.\n`,
        );
        if (result.error) return fail(`The sweep stopped early: ${result.error}`);
        return 0;
      },
    });
  },

  async migrate(args, _withApp, database) {
    parseArgs({ args, options: {}, strict: true });
    await database(); // opening it applies every pending migration
    process.stdout.write('Database is up to date.\n');
    return 0;
  },

  async 'staff:create'(args, withApp) {
    const { values } = parseArgs({
      args,
      options: { email: { type: 'string' }, name: { type: 'string' }, roles: { type: 'string' }, password: { type: 'string' }, opd: { type: 'string' } },
      strict: true,
    });
    const missing = (['email', 'name', 'roles'] as const).filter((k) => !values[k]);
    if (missing.length) return fail(`Missing ${missing.map((m) => '--' + m).join(', ')}.\n\n${USAGE}`);
    const roles = parseRoles(values.roles!);
    if (!roles) return fail(`--roles must be a comma-separated list of: ${ALL_ROLES.join(', ')}`);
    return withApp(async (app) => {
      const created = await app.get(StaffService).create(
        {
          email: values.email!,
          name: values.name!,
          roles,
          password: values.password,
          opdCode: values.opd ?? null,
        },
        'operator',
      );
      process.stdout.write(`Created staff member ${created.staff.email} (${created.staff.roles.join(', ')}), id ${created.staff.id}\n`);
      if (created.oneTimePassword) {
        process.stdout.write(`One-time password (must be changed at first sign-in): ${created.oneTimePassword}\n`);
      }
      if (created.escrowKeyFile) process.stdout.write(`\n${escrowKeyFileLine(created.escrowKeyFile)}`);
      return 0;
    });
  },
};

/**
 * The options of a job run by hand: `--now` (the job's reference time, nothing else: the app
 * keeps the real clock for leases, back-off, outbox and audit), `--dry-run`, `--force`.
 * An exit status when they are refused.
 */
function referenceTime(args: string[]): { at: Date | undefined; dryRun: boolean } | number {
  const { values } = parseArgs({ args, options: { now: { type: 'string' }, 'dry-run': { type: 'boolean' }, force: { type: 'boolean' } }, strict: true });
  const dryRun = values['dry-run'] === true;
  const force = values.force === true;
  if (dryRun && force) return fail('--dry-run and --force exclude each other.');
  if (values.now === undefined) {
    if (force) return fail('--force goes with --now.');
    return { at: undefined, dryRun };
  }
  const at = parseReferenceTime(values.now);
  if (typeof at === 'string') return fail(at);
  const check = checkReferenceTime(at, new SystemClock().now(), { dryRun, force });
  if (!check.ok) return fail(check.error);
  if (check.warning) process.stderr.write(`${check.warning}\n`);
  return { at, dryRun };
}

/**
 * A job run by hand (`retention:purge`, `sla:sweep`) with the options of referenceTime: a dry run
 * shows what a run as of `--now` would do and writes nothing; a real run does nothing, and says
 * `busy`, when another instance holds the job's cluster lock, and `report`s otherwise.
 */
function jobCommand<R extends ClusterJobRun>(
  args: string[],
  withApp: WithApp,
  busy: string,
  job: { preview(app: AppContext, at: Date): Promise<void>; run(app: AppContext, asOf: Date | undefined): Promise<R>; report(app: AppContext, result: R): Promise<number> },
): Promise<number> {
  const asOf = referenceTime(args);
  if (typeof asOf === 'number') return Promise.resolve(asOf);
  return withApp(async (app) => {
    if (asOf.dryRun) {
      await job.preview(app, asOf.at ?? app.get(Clock).now());
      return 0;
    }
    const result = await job.run(app, asOf.at);
    if (!result.ran) {
      process.stdout.write(`${busy}; nothing done.\n`);
      return 0;
    }
    return job.report(app, result);
  });
}

/** The line telling where a new escrow private key went: the key itself is never printed. */
function escrowKeyFileLine(file: string): string {
  return `Escrow private key written to ${file}: move it offline (print it, or run escrow:split), then delete it here.\n`;
}

function wholeNumber(value: string | undefined): number | null {
  return value !== undefined && /^\d{1,3}$/.test(value) ? Number(value) : null;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function fail(message: string): number {
  process.stderr.write(message.endsWith('\n') ? message : message + '\n');
  return 2;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) return fail(name ? `Unknown command "${name}".\n\n${USAGE}` : USAGE);
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) return fail(e.message);
    throw e;
  }
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  let opened: Promise<Database> | null = null;
  const database: OpenDatabase = () => (opened ??= openDatabase(config, logger));
  const withApp: WithApp = async (fn) => {
    // The real clock always: a job's `--now` is passed to the job alone (see referenceTime).
    const app = await createAppContext({ config, logger, databaseUrl: (await database()).url });
    try {
      return await fn(app);
    } finally {
      await app.close();
    }
  };
  try {
    return await command(args, withApp, database);
  } catch (e) {
    if (e instanceof ValidationFailed) return fail(e.errors.map((x) => `${x.field}: ${t('en', x.message, x.params)}`).join('\n'));
    if (e instanceof DomainError) return fail(t('en', e.message, e.params));
    if (e instanceof TypeError && /parseArgs|Unknown option|ERR_PARSE_ARGS/.test(`${(e as { code?: string }).code} ${e.message}`)) {
      return fail(`${e.message}\n\n${USAGE}`);
    }
    throw e;
  } finally {
    // Assigned in `database` (a closure), which flow analysis does not follow.
    const db = await (opened as Promise<Database> | null)?.catch(() => null);
    await db?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`Failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
