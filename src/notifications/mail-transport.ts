import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';

export interface OutgoingMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Why a send failed, and whether trying again later can help. */
export class MailSendFailed extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'MailSendFailed';
  }
}

/**
 * Sends through nodemailer to SMTP_URL; without one (the embedded default, DESIGN.md §8) writes
 * each message as an .eml file under DATA_DIR/mail, readable only by the service's user.
 *
 * An SMTP reply of 5xx is permanent (the server refused this message: retrying sends the same
 * refusal); connection errors, timeouts and 4xx are temporary.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly transporter: Transporter;
  private readonly dir: string | null;
  private dirReady: Promise<unknown> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.smtpUrl) {
      this.dir = null;
      this.transporter = nodemailer.createTransport(config.smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as never);
    } else {
      this.dir = path.join(config.dataDir, 'mail');
      this.transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    }
  }

  /** Where .eml files go when there is no SMTP server, else null. */
  get directory(): string | null {
    return this.dir;
  }

  async send(mail: OutgoingMail): Promise<void> {
    const message = {
      from: this.config.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      // A stable id: a retried mail that did arrive the first time can be recognised as the same.
      messageId: `<${mail.id}@${new URL(this.config.publicUrl).hostname}>`,
      headers: { 'Auto-Submitted': 'auto-generated' },
    };
    let info: { message?: unknown };
    try {
      info = await this.transporter.sendMail(message);
    } catch (e) {
      // Duck-typed: errors raised inside nodemailer's sockets need not be this realm's Error.
      const err = (typeof e === 'object' && e !== null ? e : {}) as { responseCode?: number; code?: string; name?: string; message?: string };
      const code = err.responseCode;
      const text = typeof err.message === 'string' ? `${err.code ?? err.name ?? 'Error'}: ${err.message}` : 'send failed';
      throw new MailSendFailed(text, typeof code === 'number' && code >= 500 && code < 600);
    }
    if (this.dir) {
      this.dirReady ??= fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
      await this.dirReady;
      const file = path.join(this.dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.id}.eml`);
      await fs.promises.writeFile(file, info.message as Buffer, { mode: 0o600 });
    }
  }

  onApplicationShutdown(): void {
    this.transporter.close();
  }
}
