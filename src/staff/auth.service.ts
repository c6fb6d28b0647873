import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '../audit';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { Clock } from '../platform/clock/clock';
import { CryptoService, DeploymentSecrets } from '../platform/crypto';
import { NotSignedIn } from '../platform/http/domain-error';
import { DEPLOYMENT_SECRETS } from '../platform/platform.tokens';
import { kdfParamsFor } from './kdf-params';
import { assertPasswordAcceptable } from './password-policy';
import { LoginThrottle } from './login-throttle';
import { StaffSessionsRepository } from './staff-sessions.repository';
import { StaffAccountsRepository } from './staff-accounts.repository';
import { CsrfTokenInvalid, InvalidCredentials, SessionExpired, WeakPassword } from './staff.errors';
import { StaffRef } from './staff-ref';
import type { Lang } from '../platform/i18n/i18n';
import { qrSvg } from './totp/qr-svg';
import { StaffTotpRepository } from './totp/staff-totp.repository';
import { OtpInvalid, OtpRequired } from './totp/totp.errors';
import { TotpSetup, TotpStatus, TwoFactorService } from './totp/two-factor.service';

/** A token lives at most this long even when the session keeps being used. */
const ABSOLUTE_SESSION_HOURS = 12;
/** Don't write last_seen_at on every request: once a minute is precise enough for idle expiry. */
const TOUCH_EVERY_MS = 60_000;

export interface TokenClaims {
  sub: string;
  sid: string;
  /** The session key (base64url): the only way to unwrap the session's copy of the private key. */
  sk: string;
}

export interface LoginResult {
  accessToken: string;
  expiresAt: Date;
  mustChangePassword: boolean;
  /** STAFF_2FA=required and no TOTP yet: the session reaches only the enrolment pages. */
  totpEnrolmentRequired: boolean;
}

/** The enrolment page: the status, or a pending setup with its QR code. */
export type TotpEnrolmentPage = { required: boolean; enrolled: true; enrolledAt: Date; recoveryCodesLeft: number } | ({ required: boolean; enrolled: false; qrSvg: string } & TotpSetup);

@Injectable()
export class AuthService {
  private readonly log = new Logger(AuthService.name);
  private readonly twoFactor: TwoFactorService;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly crypto: CryptoService,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DEPLOYMENT_SECRETS) private readonly secrets: DeploymentSecrets,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottle,
    private readonly sessions: StaffSessionsRepository,
    private readonly accounts: StaffAccountsRepository,
  ) {
    // Built here rather than injected so the staff module's provider list stays as it is; both
    // are stateless.
    this.twoFactor = new TwoFactorService(db, new StaffTotpRepository(), crypto, clock);
  }

  /**
   * Password first (the Argon2id unwrap), then, for a member with TOTP enrolled, the code sent in
   * the same request. A wrong or missing code counts as a failed sign-in, like a wrong password.
   *
   * An unknown address, a deactivated account and a wrong password get the same answer, after the
   * same work (an Argon2id unwrap), and count alike towards the throttle (LoginThrottle), which
   * slows a client down rather than locking an account: nothing here tells whether an address
   * belongs to a member, and no stranger can keep a member out.
   *
   * A missing or wrong code gets its own message (`auth.otp_required`, `auth.otp_invalid`), which
   * tells the sender that the password was right. That is deliberate and usual: the form sends
   * both at once, so this is learnt only by someone who already knows the password, and that is
   * the person the second factor is there to stop; meanwhile the member learns what to fix.
   */
  async login(emailInput: string, password: string, otp: string | undefined, client: string | undefined): Promise<LoginResult> {
    const email = emailInput.trim().toLowerCase();
    try {
      await this.throttle.assertMayTry(email, client);
    } catch (e) {
      await this.audit.recordApart({ actor: { type: 'system' }, action: 'staff.sign-in-failed', detail: { reason: 'slowed-down' } });
      throw e;
    }
    const staff = await this.accounts.byEmail(email);
    const now = this.clock.now();
    if (!staff || !staff.active) {
      // Same work as a real attempt, so timing does not tell whether the account exists.
      await this.crypto.unwrapPrivateKey(this.dummyWrapped(), password).catch(() => undefined);
      // Not the typed address: people type passwords into the wrong field.
      await this.audit.recordApart({ actor: { type: 'system' }, action: 'staff.sign-in-failed', detail: { reason: staff ? 'inactive-account' : 'unknown-account' } });
      await this.throttle.recordFailure(email, client);
      throw new InvalidCredentials();
    }
    let privateKey: Buffer;
    try {
      privateKey = await this.crypto.unwrapPrivateKey({ salt: staff.kdfSalt, params: staff.kdfParams, wrapped: staff.privateKeyWrapped }, password);
    } catch {
      await this.audit.recordApart({ actor: { type: 'staff', id: staff.id }, action: 'staff.sign-in-failed', detail: { reason: 'wrong-password' } });
      await this.throttle.recordFailure(email, client);
      throw new InvalidCredentials();
    }

    const sessionId = randomUUID();
    const sessionKey = this.crypto.randomKey();
    const expiresAt = new Date(now.getTime() + this.config.staffSessionMinutes * 60_000);
    try {
      // The code is consumed in the transaction that opens the session: both happen, or neither.
      await this.db.transaction(async (m) => {
        await this.twoFactor.verifyAtSignIn(
          m,
          {
            staffId: staff.id,
            secretBox: staff.totpSecret,
            enrolledAt: staff.totpEnrolledAt,
            lastStep: staff.totpLastStep === null ? null : Number(staff.totpLastStep),
          },
          privateKey,
          otp,
        );
        await this.sessions.open(m, { id: sessionId, staffId: staff.id, privateKeyWrapped: this.crypto.encrypt(sessionKey, privateKey, sessionAd(sessionId)), openedAt: now, expiresAt });
        await this.audit.record(m, { actor: { type: 'staff', id: staff.id }, action: 'staff.signed-in', detail: { sessionId } });
      });
    } catch (e) {
      // Counted after the rollback, or the rollback would undo the count.
      if (e instanceof OtpRequired || e instanceof OtpInvalid) {
        await this.audit.recordApart({ actor: { type: 'staff', id: staff.id }, action: 'staff.sign-in-failed', detail: { reason: e instanceof OtpRequired ? 'code-missing' : 'wrong-code' } });
        await this.throttle.recordFailure(email, client);
      }
      throw e;
    } finally {
      this.crypto.wipe(privateKey);
    }
    await this.throttle.recordSuccess(email, client);
    const claims: TokenClaims = { sub: staff.id, sid: sessionId, sk: sessionKey.toString('base64url') };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: `${ABSOLUTE_SESSION_HOURS}h` });
    this.log.log(`staff ${staff.id} signed in (session ${sessionId})`);
    return {
      accessToken,
      expiresAt,
      mustChangePassword: staff.mustChangePassword,
      totpEnrolmentRequired: this.totpEnrolmentPending(staff.totpEnrolledAt),
    };
  }

  /** The member's language for staff pages and for every mail sent to them. */
  async saveLanguage(me: StaffRef, lang: Lang): Promise<void> {
    await this.accounts.setLanguage(me.id, lang);
  }

  private totpEnrolmentPending(enrolledAt: Date | null): boolean {
    return this.config.staff2fa === 'required' && !enrolledAt;
  }

  /** A well-formed record no password opens, to spend equal time on unknown accounts. */
  private dummyWrapped() {
    return {
      salt: Buffer.alloc(16, 7),
      params: kdfParamsFor(this.config),
      wrapped: Buffer.alloc(72, 1),
    };
  }

  /**
   * Checks a token whose signature was verified against its session: well formed, with an expiry
   * (jsonwebtoken accepts a token without `exp` forever), the session open, not idle too long,
   * the member still active, and the session key the one that opens the session's copy of the
   * private key. Every failure is a 401.
   */
  async resolveSession(claims: TokenClaims & { exp?: unknown }, via: StaffRef['via']): Promise<StaffRef> {
    if (typeof claims?.sid !== 'string' || typeof claims?.sub !== 'string' || typeof claims?.sk !== 'string' || typeof claims?.exp !== 'number') {
      throw new NotSignedIn();
    }
    if (!UUID.test(claims.sid) || !UUID.test(claims.sub)) throw new NotSignedIn();
    const sessionKey = Buffer.from(claims.sk, 'base64url');
    const now = this.clock.now();
    const row = await this.sessions.findWithMember(claims.sid, claims.sub);
    if (!row || row.endedAt || !row.member.active || row.expiresAt <= now) throw new SessionExpired();
    // A wrong key would otherwise surface later as a failed decryption (a 500) in whatever
    // handler first needs the private key. Checking costs one small AEAD open per request.
    this.crypto.wipe(this.openSessionKey(sessionKey, row.privateKeyWrapped, row.sessionId));
    if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await this.sessions.touch(row.sessionId, now, new Date(now.getTime() + this.config.staffSessionMinutes * 60_000));
    }
    const member = row.member;
    return {
      id: member.id,
      email: member.email,
      name: member.name,
      roles: member.roles,
      language: member.language,
      sessionId: row.sessionId,
      mustChangePassword: member.mustChangePassword,
      totpEnrolmentPending: this.totpEnrolmentPending(member.totpEnrolledAt),
      sessionKey,
      privateKeyWrapped: row.privateKeyWrapped,
      via,
    };
  }

  /** The staff member's private key for this request only; callers wipe it when done. */
  privateKey(me: StaffRef): Buffer {
    return this.openSessionKey(me.sessionKey, me.privateKeyWrapped, me.sessionId);
  }

  private openSessionKey(sessionKey: Buffer, wrapped: Buffer, sessionId: string): Buffer {
    if (sessionKey.length !== SESSION_KEY_BYTES) throw new NotSignedIn();
    try {
      return this.crypto.decrypt(sessionKey, wrapped, sessionAd(sessionId));
    } catch {
      throw new NotSignedIn();
    }
  }

  /**
   * The member a request is signed in as, or null: for routes outside the guard (the API docs).
   * The same token sources and checks as StaffAuthGuard.
   */
  async signedInMember(found: { token: string; via: StaffRef['via'] } | null): Promise<StaffRef | null> {
    if (!found) return null;
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims & { exp?: unknown }>(found.token, { algorithms: ['HS256'] });
      return await this.resolveSession(claims, found.via);
    } catch {
      return null;
    }
  }

  async logout(me: StaffRef): Promise<void> {
    await this.sessions.end(me.sessionId, this.clock.now());
  }

  /** Re-wraps the private key under the new password and ends the member's other sessions. */
  async changePassword(me: StaffRef, current: string, next: string): Promise<void> {
    const staff = await this.accounts.byIdOrFail(me.id);
    let privateKey: Buffer;
    try {
      privateKey = await this.crypto.unwrapPrivateKey({ salt: staff.kdfSalt, params: staff.kdfParams, wrapped: staff.privateKeyWrapped }, current);
    } catch {
      throw new WeakPassword('password.current_wrong', undefined, 'current_password');
    }
    if (next === current) throw new WeakPassword('password.same_as_current', undefined, 'new_password');
    assertPasswordAcceptable(next, staff.email, 'new_password');
    const wrapped = await this.crypto.wrapPrivateKey(privateKey, next, kdfParamsFor(this.config));
    this.crypto.wipe(privateKey);
    const now = this.clock.now();
    await this.db.transaction(async (m) => {
      await this.accounts.setPassword(m, me.id, wrapped, now);
      const endedSessions = await this.sessions.endAllBut(m, me.id, me.sessionId, now);
      await this.audit.record(m, { actor: { type: 'staff', id: me.id }, action: 'staff.password-changed', detail: { firstSignIn: staff.mustChangePassword, endedSessions } });
    });
  }

  async totpStatus(me: StaffRef): Promise<TotpStatus & { required: boolean }> {
    return { required: this.config.staff2fa === 'required', ...(await this.twoFactor.status(me.id)) };
  }

  /**
   * The enrolment page: the status once enrolled, else the pending setup (started on the first
   * visit, the same one on a reload, so a QR code already scanned stays valid).
   */
  async totpEnrolmentPage(me: StaffRef): Promise<TotpEnrolmentPage> {
    const required = this.config.staff2fa === 'required';
    const status = await this.twoFactor.status(me.id);
    if (status.enrolled) return { required, ...status };
    const setup = await this.withPrivateKey(me, (key) => this.twoFactor.beginEnrolment(me.id, me.email, key, { restart: false }));
    return { required, enrolled: false, ...setup, qrSvg: await qrSvg(setup.otpauthUri) };
  }

  /** Starts enrolment with a new secret (an earlier pending one stops working). */
  startTotpEnrolment(me: StaffRef): Promise<TotpSetup> {
    return this.withPrivateKey(me, (key) => this.twoFactor.beginEnrolment(me.id, me.email, key, { restart: true }));
  }

  /** Turns TOTP on with the first code from the app; the recovery codes are returned this once. */
  confirmTotpEnrolment(me: StaffRef, otp: string): Promise<{ recoveryCodes: string[] }> {
    return this.withPrivateKey(me, (key) =>
      this.twoFactor.confirmEnrolment(me.id, key, otp, (m) => this.audit.record(m, { actor: { type: 'staff', id: me.id }, action: 'staff.two-factor-enrolled' })),
    );
  }

  private async withPrivateKey<T>(me: StaffRef, use: (privateKey: Buffer) => Promise<T>): Promise<T> {
    const key = this.privateKey(me);
    try {
      return await use(key);
    } finally {
      this.crypto.wipe(key);
    }
  }

  /** CSRF token bound to the session: a form from another site cannot know it. */
  csrfToken(sessionId: string): string {
    return createHmac('sha256', this.secrets.tokenSecret).update(`csrf:${sessionId}`).digest('base64url');
  }

  assertCsrf(sessionId: string, token: unknown): void {
    const expected = Buffer.from(this.csrfToken(sessionId));
    const given = Buffer.from(typeof token === 'string' ? token : '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new CsrfTokenInvalid();
  }
}

const SESSION_KEY_BYTES = 32;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function sessionAd(sessionId: string): string {
  return `staff-session:${sessionId}`;
}
