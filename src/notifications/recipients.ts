import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CaseDirectory } from '../cases';
import { isLang, Lang } from '../platform/i18n/i18n';
import { ActiveMember, StaffDirectory } from '../staff';
import type { Audience } from './notices';
import { MailMode, NotificationPreferencesRepository } from './notification-preferences.repository';

export interface Recipient {
  id: string;
  language: Lang;
  mailMode: MailMode;
}

/**
 * The active staff members an audience stands for, read in the subscriber's transaction.
 * Deactivated members get nothing: they no longer work cases.
 *
 * A role's members are kept for ROLE_TTL_MS: every new report mails all supervisors, and the
 * list changes a few times a year. A member deactivated within that time is still skipped, at
 * sending (MailDeliveryWorker checks `active`); one added within it misses at most a few notices.
 */
@Injectable()
export class RecipientDirectory {
  static readonly ROLE_TTL_MS = 5000;
  private readonly byRole = new Map<string, { at: number; recipients: Recipient[] }>();

  constructor(
    private readonly staff: StaffDirectory,
    private readonly cases: CaseDirectory,
    private readonly preferences: NotificationPreferencesRepository,
  ) {}

  async resolve(m: EntityManager, audience: Audience): Promise<Recipient[]> {
    // Several roles: role changes, a few a year, read fresh so a new admin hears of the next one.
    if (!('role' in audience)) return this.resolveAudience(m, audience);
    const cached = this.byRole.get(audience.role);
    if (cached && Date.now() - cached.at < RecipientDirectory.ROLE_TTL_MS) return cached.recipients;
    const recipients = await this.resolveAudience(m, audience);
    this.byRole.set(audience.role, { at: Date.now(), recipients });
    return recipients;
  }

  private async resolveAudience(m: EntityManager, audience: Audience): Promise<Recipient[]> {
    let members: ActiveMember[];
    if ('role' in audience) members = await this.staff.activeWithAnyRole([audience.role], m);
    else if ('anyRole' in audience) members = await this.staff.activeWithAnyRole(audience.anyRole, m);
    else if ('staffId' in audience) members = await this.staff.activeAmong([audience.staffId], m);
    else {
      members = await this.staff.activeAmong(await this.cases.assigneesOf(audience.assigneesOf, m), m);
      // Nobody assigned yet: the supervisors, who assign, must hear of it.
      if (members.length === 0) return this.resolveAudience(m, { role: audience.orElse });
    }
    // Without a stored preference, every notice at once.
    const modes = await this.preferences.mailModesOf(
      members.map((s) => s.id),
      m,
    );
    return members.map((s) => ({ id: s.id, language: isLang(s.language) ? s.language : 'id', mailMode: modes.get(s.id) ?? 'immediate' }));
  }
}
