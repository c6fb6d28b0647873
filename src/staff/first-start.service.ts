import { Injectable } from '@nestjs/common';
import { Role } from './role';
import { StaffService } from './staff.service';

/**
 * First start with no staff: one admin with a one-time password, and the organisation's escrow
 * key, both printed once (DESIGN.md §8). Printed to stdout, not the log, so they do not end up
 * in a log collector; nothing of either is stored in clear.
 */
@Injectable()
export class FirstStartService {
  constructor(private readonly staff: StaffService) {}

  async ensureAdmin(print: (text: string) => void = (text) => process.stdout.write(text)): Promise<boolean> {
    if ((await this.staff.count()) > 0) return false;
    const created = await this.staff.create({ email: 'admin@wbs.local', name: 'Administrator', roles: [Role.Admin] });
    print(
      [
        '',
        '==================================================================',
        ' WBS first start: an administrator account was created.',
        `   e-mail:             ${created.staff.email}`,
        `   one-time password:  ${created.oneTimePassword}`,
        ' Sign in at /staff/login and choose a new password.',
        ...(created.escrowPrivateKey
          ? [
              '',
              ' ESCROW PRIVATE KEY (shown once; print it and keep it offline, e.g. in',
              ' the inspectorate safe; it recovers staff keys after a password reset):',
              `   ${created.escrowPrivateKey}`,
            ]
          : []),
        '==================================================================',
        '',
      ].join('\n'),
    );
    return true;
  }
}
