import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SunkMail {
  from: string;
  to: string[];
  /** The message as received, with quoted-printable soft line breaks and escapes undone. */
  raw: string;
  subject: string;
}

/**
 * A real SMTP server in the test process: the app's nodemailer speaks SMTP to it over TCP.
 * `stop()` closes the port so connections are refused (an outage); `start()` opens the same
 * port again.
 */
export class SmtpSink {
  readonly mails: SunkMail[] = [];
  /** Addresses refused with a permanent 550 (a mailbox that does not exist). */
  readonly refused = new Set<string>();
  /** Called as each mail arrives, before the server answers it (a test may kill the sender here). */
  onReceived: ((mail: SunkMail) => void) | null = null;
  private server: SMTPServer | null = null;
  port = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, done) => {
        if (this.refused.has(address.address)) {
          const err = new Error('Mailbox unavailable') as Error & { responseCode: number };
          err.responseCode = 550;
          return done(err);
        }
        done();
      },
      onData: (stream, session, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = decodeQuotedPrintable(Buffer.concat(chunks).toString('utf8'));
          const subject = decodeSubject(raw.match(/^Subject: (.*(?:\r?\n[ \t].*)*)/m)?.[1] ?? '');
          const mail = { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw, subject };
          this.mails.push(mail);
          this.onReceived?.(mail);
          done();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Mails whose subject matches. */
  matching(pattern: RegExp): SunkMail[] {
    return this.mails.filter((m) => pattern.test(m.subject));
  }

  /**
   * Waits until at least `count` mails match, and returns those matching. To be sure no extra
   * one follows, wait for the app to be idle (test/support/idle.ts untilIdle) and count again.
   */
  async waitFor(pattern: RegExp, count: number, timeoutMs = 15_000): Promise<SunkMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.matching(pattern).length < count) {
      if (Date.now() > deadline) throw new Error(`Expected ${count} mails matching ${pattern}, got ${this.matching(pattern).length}: ${this.mails.map((m) => m.subject).join(' | ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.matching(pattern);
  }
}

/** RFC 2047 encoded words (nodemailer encodes non-ASCII subjects). */
function decodeSubject(header: string): string {
  return header
    .replace(/\r?\n[ \t]/g, ' ')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
    )
    .trim();
}

/** Good enough for assertions on nodemailer's output: joins soft breaks, decodes =XX bytes. */
function decodeQuotedPrintable(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, '');
  return Buffer.from(
    joined.replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
}
