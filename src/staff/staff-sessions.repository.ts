import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../platform/database/prepared-query';
import type { StaffRef } from './staff-ref';
import { StaffSessionEntity } from './staff.entity';

/** A staff session with the member it belongs to, as every signed-in request checks it. */
export interface SessionWithMember {
  sessionId: string;
  /** The member's private key, wrapped under the session's key. */
  privateKeyWrapped: Buffer;
  lastSeenAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  member: {
    id: string;
    email: string;
    name: string;
    roles: StaffRef['roles'];
    language: 'id' | 'en';
    active: boolean;
    mustChangePassword: boolean;
    totpEnrolledAt: Date | null;
  };
}

interface SessionWithMemberRow {
  session_id: string;
  private_key_wrapped: Buffer;
  last_seen_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  id: string;
  email: string;
  name: string;
  roles: StaffRef['roles'];
  language: 'id' | 'en';
  active: boolean;
  must_change_password: boolean;
  totp_enrolled_at: Date | null;
}

/** The staff_sessions table: opening at sign-in, reads per request, touches and endings. */
@Injectable()
export class StaffSessionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A new open session, seen now. `privateKeyWrapped`: the member's private key under the session's key. */
  async open(m: EntityManager, session: { id: string; staffId: string; privateKeyWrapped: Buffer; openedAt: Date; expiresAt: Date }): Promise<void> {
    await m.insert(StaffSessionEntity, {
      id: session.id,
      staffId: session.staffId,
      privateKeyWrapped: session.privateKeyWrapped,
      createdAt: session.openedAt,
      lastSeenAt: session.openedAt,
      expiresAt: session.expiresAt,
      endedAt: null,
    });
  }

  /** The session and its member in one round trip; null when the session is not the member's or does not exist. */
  async findWithMember(sessionId: string, staffId: string, m: EntityManager | DataSource = this.db): Promise<SessionWithMember | null> {
    // Every signed-in request asks this: prepared once per connection.
    const rows = await preparedQuery<SessionWithMemberRow>(
      m,
      'wbs_session_with_member',
      `SELECT s.id AS session_id, s.private_key_wrapped, s.last_seen_at, s.expires_at, s.ended_at,
              st.id, st.email, st.name, st.roles, st.language, st.active, st.must_change_password, st.totp_enrolled_at
         FROM staff_sessions s JOIN staff st ON st.id = s.staff_id
        WHERE s.id = $1 AND s.staff_id = $2`,
      [sessionId, staffId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      sessionId: r.session_id,
      privateKeyWrapped: r.private_key_wrapped,
      lastSeenAt: r.last_seen_at,
      expiresAt: r.expires_at,
      endedAt: r.ended_at,
      member: {
        id: r.id,
        email: r.email,
        name: r.name,
        roles: r.roles,
        language: r.language,
        active: r.active,
        mustChangePassword: r.must_change_password,
        totpEnrolledAt: r.totp_enrolled_at,
      },
    };
  }

  /** Marks an open session as seen now and moves its expiry. */
  async touch(sessionId: string, now: Date, expiresAt: Date, m: EntityManager | DataSource = this.db): Promise<void> {
    await m.query(`UPDATE staff_sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1 AND ended_at IS NULL`, [sessionId, now, expiresAt]);
  }

  /** Ends one session if still open. */
  async end(sessionId: string, now: Date, m: EntityManager | DataSource = this.db): Promise<void> {
    await m.query(`UPDATE staff_sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL`, [sessionId, now]);
  }

  /** Ends every open session of the member; returns how many were open. */
  async endAll(m: EntityManager, staffId: string, now: Date): Promise<number> {
    // A CTE so the driver returns plain rows (a bare UPDATE comes back as [rows, count]).
    const [row]: { n: number }[] = await m.query(`WITH u AS (UPDATE staff_sessions SET ended_at = $2 WHERE staff_id = $1 AND ended_at IS NULL RETURNING 1) SELECT count(*)::int AS n FROM u`, [
      staffId,
      now,
    ]);
    return row.n;
  }

  /** Ends every open session of the member but `keepId`; returns how many were open. */
  async endAllBut(m: EntityManager, staffId: string, keepId: string, now: Date): Promise<number> {
    // A CTE so the driver returns plain rows (a bare UPDATE comes back as [rows, count]).
    const [ended]: { n: number }[] = await m.query(
      `WITH u AS (UPDATE staff_sessions SET ended_at = $3 WHERE staff_id = $1 AND id <> $2 AND ended_at IS NULL RETURNING 1) SELECT count(*)::int AS n FROM u`,
      [staffId, keepId, now],
    );
    return ended.n;
  }
}
