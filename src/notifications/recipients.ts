import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isLang, Lang } from '../platform/i18n/i18n';
import type { Audience } from './notices';

export interface Recipient {
  id: string;
  language: Lang;
  mailMode: 'immediate' | 'digest';
}

interface Row {
  id: string;
  language: string;
  mail_mode: 'immediate' | 'digest';
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

  async resolve(m: EntityManager, audience: Audience): Promise<Recipient[]> {
    // Several roles: role changes, a few a year, read fresh so a new admin hears of the next one.
    if (!('role' in audience)) return resolveAudience(m, audience);
    const cached = this.byRole.get(audience.role);
    if (cached && Date.now() - cached.at < RecipientDirectory.ROLE_TTL_MS) return cached.recipients;
    const recipients = await resolveAudience(m, audience);
    this.byRole.set(audience.role, { at: Date.now(), recipients });
    return recipients;
  }
}

/** A member with their mail mode; without a stored preference, every notice at once. */
const MEMBER = `s.id, s.language, coalesce(p.mail_mode, 'immediate') AS mail_mode FROM staff s LEFT JOIN notification_preferences p ON p.staff_id = s.id`;

async function resolveAudience(m: EntityManager, audience: Audience): Promise<Recipient[]> {
  let rows: Row[];
  if ('role' in audience) {
    rows = await m.query(`SELECT ${MEMBER} WHERE s.active AND $1 = ANY (s.roles) ORDER BY s.id`, [audience.role]);
  } else if ('anyRole' in audience) {
    rows = await m.query(`SELECT ${MEMBER} WHERE s.active AND s.roles && $1::text[] ORDER BY s.id`, [audience.anyRole]);
  } else if ('staffId' in audience) {
    rows = await m.query(`SELECT ${MEMBER} WHERE s.active AND s.id = $1`, [audience.staffId]);
  } else {
    rows = await m.query(
      `SELECT ${MEMBER} JOIN case_assignments a ON a.staff_id = s.id
        WHERE a.case_id = $1 AND s.active ORDER BY s.id`,
      [audience.assigneesOf],
    );
    // Nobody assigned yet: the supervisors, who assign, must hear of it.
    if (rows.length === 0) return resolveAudience(m, { role: audience.orElse });
  }
  return rows.map((r) => ({ id: r.id, language: isLang(r.language) ? r.language : 'id', mailMode: r.mail_mode }));
}
