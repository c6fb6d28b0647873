import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { escrowKeyFilesIn, escrowKeyId } from './escrow-key-file';
import { EscrowService } from './escrow.service';
import { Role } from './role';
import { StaffService } from './staff.service';

/** The administrator made at the first start, for the start-up notice. */
export interface FirstAdmin {
  email: string;
  oneTimePassword: string;
}

/**
 * First start with no staff: one admin with a one-time password (DESIGN.md §8), and the
 * organisation's escrow key pair, whose private half goes to a file only (escrow-key-file.ts).
 *
 * What the operator must act on is told once start-up is over, last, framed, in plain words
 * (startupNotice), and never through the JSON log: the log is for machines and collectors, and
 * a one-time password buried among its lines is missed.
 */
@Injectable()
export class FirstStartService {
  constructor(
    private readonly staff: StaffService,
    private readonly escrow: EscrowService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async ensureAdmin(): Promise<FirstAdmin | null> {
    if ((await this.staff.count()) > 0) return null;
    const created = await this.staff.create({ email: 'admin@wbs.local', name: 'Administrator', roles: [Role.Admin] });
    return { email: created.staff.email, oneTimePassword: created.oneTimePassword! };
  }

  /**
   * The text to print at the end of start-up, or null when there is nothing to do: the first
   * admin's sign-in, and one line per escrow key file still on this server.
   */
  async startupNotice(admin: FirstAdmin | null): Promise<string | null> {
    const publicKey = await this.escrow.publicKey();
    const current = publicKey ? escrowKeyId(publicKey) : null;
    const files = escrowKeyFilesIn(this.config.dataDir);
    return formatStartupNotice({ admin, loginUrl: `${this.config.publicUrl}/staff/login`, keyFiles: files.map((f) => ({ file: f.file, current: f.keyId === current })) });
  }
}

const RULE = '='.repeat(78);

export function formatStartupNotice(n: { admin: FirstAdmin | null; loginUrl: string; keyFiles: { file: string; current: boolean }[] }): string | null {
  if (!n.admin && n.keyFiles.length === 0) return null;
  const lines: string[] = [];
  if (n.admin) {
    lines.push(
      '  WBS first start: an administrator account was created. Sign in now:',
      `    address    ${n.loginUrl}`,
      `    e-mail     ${n.admin.email}`,
      `    password   ${n.admin.oneTimePassword}`,
      '  The password works once: you choose your own at the first sign-in.',
    );
  }
  for (const k of n.keyFiles) {
    if (lines.length) lines.push('');
    lines.push(k.current ? `  Escrow private key in ${k.file}: move it offline, then delete it here.` : `  ${k.file} is not this database's escrow key (a start that failed): delete it.`);
  }
  return ['', RULE, ...lines, RULE, ''].join('\n') + '\n';
}
