import busboy from 'busboy';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Request } from 'express';
import { mkdirSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ClientKeys } from '../http/rate-limit/client-keys';
import { Clock } from '../clock/clock';
import { errorKind } from '../http/domain-error';
import { BadUtf8 } from '../http/bad-utf8.error';
import { assertCleanTextInput } from '../http/text-input';
import { assertFileCount, assertFileSize, assertTotalSize, toMiB } from './attachments';
import { UploadQuotaExceeded, UploadsBusy } from './attachments/attachments.errors';
import { EncryptedSpoolFile, SPOOL_FILE_PREFIX } from './spool/encrypted-spool-file';
import { UploadSpool } from './spool/upload-spool';
import { UploadGate } from './spool/upload-gate';
import type { UploadSource } from './spool/upload-source';

export interface ReceivedFile {
  field: string;
  /** As the browser sent it (decoded as UTF-8): untrusted. */
  filename: string;
  source: UploadSource;
}

export interface ParsedUpload {
  fields: Record<string, string>;
  files: ReceivedFile[];
}

export class MultipartMalformed extends errorKind('multipart_malformed', 400).withMessage('intake.multipart_malformed') {}

const MAX_FIELDS = 40;
const MAX_FIELD_BYTES = 64 * 1024;
/** How long a client told "busy" is asked to wait: about what a large upload takes to finish. */
export const BUSY_RETRY_AFTER_SECONDS = 30;
/** A spool file older than this found at start belongs to no live request (see sweep). */
const SWEEP_AGE_MS = 60_000;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The fields of a form whose upload was refused, so a page can show them again as typed. */
const fieldsOfRefusal = new WeakMap<object, Record<string, string>>();

export function fieldsReadBefore(error: unknown): Record<string, string> | undefined {
  return typeof error === 'object' && error !== null ? fieldsOfRefusal.get(error) : undefined;
}

export function isMultipart(req: Request): boolean {
  return /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
}

/**
 * Receives forms with files. Files go, as they arrive, into encrypted spool files under
 * `DATA_DIR/tmp/uploads` (never plaintext on disk, never whole in memory), which are freed when
 * the response ends, whatever happened. Every limit is enforced while streaming: a file or total
 * over the limit, too many files, no free upload slot (503) or the client's daily quota spent
 * (429) stop the storing of files at once; the rest of the body is still read for its fields (so
 * the page can show the form again as filled in) and thrown away, and the request is refused.
 */
@Injectable()
export class UploadReceiver implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(UploadReceiver.name);
  readonly spoolDir: string;
  private sweeper?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly spool: UploadSpool,
    private readonly gate: UploadGate,
    private readonly clientKeys: ClientKeys,
    private readonly clock: Clock,
  ) {
    this.spoolDir = spool.dir;
  }

  async onApplicationBootstrap(): Promise<void> {
    mkdirSync(this.spoolDir, { recursive: true, mode: 0o700 });
    await this.sweep();
    this.sweeper = setInterval(() => void this.sweep(), 10 * SWEEP_AGE_MS).unref();
  }

  onModuleDestroy(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  /**
   * Spool files are unlinked the moment they are opened, so a name is left behind only by a
   * process that died in between. Those hold ciphertext whose key died with it; they are removed.
   */
  async sweep(now = Date.now()): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.spoolDir).catch(() => [] as string[])) {
      if (!name.startsWith(SPOOL_FILE_PREFIX)) continue;
      const file = path.join(this.spoolDir, name);
      const info = await stat(file).catch(() => null);
      if (!info || now - info.mtimeMs < SWEEP_AGE_MS) continue;
      await rm(file, { force: true });
      removed++;
    }
    if (removed) this.log.warn(`removed ${removed} upload spool file(s) left by an earlier process`);
    return removed;
  }

  /**
   * A form's fields and files, whether multipart (files allowed) or JSON/urlencoded (fields only).
   * `signedInStaff`: the daily quota guards against anonymous clients and is not counted for staff
   * (a whole office often shares one address with the reporters on its network); slots still are.
   */
  async read(req: Request, opts: { signedInStaff?: boolean } = {}): Promise<ParsedUpload> {
    if (!isMultipart(req)) return { fields: (req.body ?? {}) as Record<string, string>, files: [] };
    const upload = await this.parseMultipart(req, !opts.signedInStaff);
    // Form bodies were checked by TextInputGuard before the handler; multipart fields only now
    // (the spool files are freed when the response ends, as after any refusal).
    assertCleanTextInput(upload.fields);
    return upload;
  }

  private parseMultipart(req: Request, countQuota: boolean): Promise<ParsedUpload> {
    const limits = this.config.attachments;
    // The rate limiter's daily key: the address itself is never kept.
    const client = this.clientKeys.address(req.ip, this.clock.now());
    const spools: EncryptedSpoolFile[] = [];
    let release: (() => void) | null = null;
    let ended = false;
    const cleanup = () => {
      ended = true;
      release?.();
      release = null;
      for (const s of spools.splice(0)) void s.dispose();
    };
    // 'close' comes once the response is sent or the connection is gone: either way the files
    // are no longer needed. Services read them before the response is sent.
    req.res?.once('close', cleanup);

    return new Promise<ParsedUpload>((resolve, reject) => {
      let bb: busboy.Busboy;
      try {
        bb = busboy({
          headers: req.headers,
          defParamCharset: 'latin1',
          limits: { fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, fileSize: limits.maxFileBytes + 1 },
        });
      } catch {
        cleanup();
        reject(new MultipartMalformed());
        return;
      }
      const fields: Record<string, string> = {};
      // In the order sent; `source` is set once the file is completely spooled.
      const entries: { field: string; filename: string; source: EncryptedSpoolFile | null }[] = [];
      let total = 0;
      let refusal: Error | null = null;
      let broken = false;
      const writing: Promise<void>[] = [];

      /** Stops storing files (those spooled are freed at the end); the body is still parsed for its fields. */
      const refuse = (e: Error) => {
        if (!refusal) refusal = e;
      };
      /** The body cannot be parsed on: answer at once. */
      const fail = (e: Error) => {
        if (broken) return;
        broken = true;
        cleanup();
        req.unpipe(bb);
        req.resume(); // drain the rest so the client sees our answer, not a reset
        reject(e);
      };
      const quotaError = () => new UploadQuotaExceeded(toMiB(this.config.uploads.dailyQuotaBytes), this.gate.secondsUntilNewDay());

      // A body announced larger than today's remainder is refused before a byte is spooled.
      const announced = Number(req.headers['content-length']);
      if (countQuota && Number.isFinite(announced) && announced > this.gate.remaining(client)) refuse(quotaError());

      bb.on('field', (name, value, info) => {
        if (broken) return;
        if (info.valueTruncated) return fail(new MultipartMalformed());
        try {
          fields[name] = utf8.decode(Buffer.from(value, 'latin1'));
        } catch {
          fail(new BadUtf8(name));
        }
      });
      bb.on('file', (field, stream, info) => {
        if (broken || refusal || field !== 'attachments' || !info.filename) {
          stream.resume();
          return;
        }
        let name: string;
        try {
          name = utf8.decode(Buffer.from(info.filename, 'latin1'));
        } catch {
          name = 'attachment';
        }
        try {
          assertFileCount(entries.length + 1, limits);
        } catch (e) {
          refuse(e as Error);
          stream.resume();
          return;
        }
        release ??= this.gate.tryEnter();
        if (!release) {
          refuse(new UploadsBusy(BUSY_RETRY_AFTER_SECONDS));
          stream.resume();
          return;
        }
        const entry = { field, filename: name, source: null as EncryptedSpoolFile | null };
        entries.push(entry);
        let size = 0;
        const spooled = this.spool.create().then((s) => {
          // A request that ended meanwhile will never read it.
          if (ended) void s.dispose();
          else spools.push(s);
          return s;
        });
        const sink = new Writable({
          write: (chunk: Buffer, _enc, done) => {
            if (refusal || broken) return done();
            size += chunk.length;
            total += chunk.length;
            try {
              assertFileSize(name, size, limits);
              assertTotalSize(total, limits);
              if (countQuota && !this.gate.charge(client, chunk.length)) throw quotaError();
            } catch (e) {
              refuse(e as Error);
              return done();
            }
            spooled.then((s) => s.append(chunk)).then(() => done(), done);
          },
          final: (done) => {
            if (refusal || broken) return done();
            spooled
              .then(async (s) => {
                await s.finish();
                entry.source = s;
              })
              .then(() => done(), done);
          },
        });
        writing.push(
          new Promise<void>((ok) => {
            sink.once('finish', ok);
            sink.once('error', (e) => {
              fail(e);
              ok();
            });
          }),
        );
        // A cut-off body errors the file stream too; the parser's own error handler answers.
        stream.once('error', () => fail(new MultipartMalformed()));
        stream.pipe(sink);
      });
      bb.on('fieldsLimit', () => fail(new MultipartMalformed()));
      bb.on('error', () => fail(new MultipartMalformed()));
      bb.on('close', () => {
        // busboy closes when the body is parsed; the last spool writes may still be under way.
        void Promise.all(writing).then(() => {
          if (broken) return;
          if (refusal) {
            cleanup();
            fieldsOfRefusal.set(refusal, fields);
            return reject(refusal);
          }
          resolve({ fields, files: entries.map((e) => ({ field: e.field, filename: e.filename, source: e.source! })) });
        });
      });
      req.on('aborted', () => fail(new MultipartMalformed()));
      req.pipe(bb);
    });
  }
}
