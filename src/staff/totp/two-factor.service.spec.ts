import type { DataSource, EntityManager } from 'typeorm';
import { FixedClock } from '../../platform/clock/clock';
import { CryptoService } from '../../platform/crypto';
import { normaliseRecoveryCode, recoveryCodeHash } from './recovery-codes';
import { StaffTotpRepository, TotpState } from './staff-totp.repository';
import { totpCodeAt, totpStep } from './totp-code';
import { OtpInvalid, OtpRequired, TotpAlreadyEnrolled, TotpConfirmationFailed, TotpSetupMissing } from './totp.errors';
import { openTotpSecret } from './totp-secret-box';
import { SignInTotp, TwoFactorService } from './two-factor.service';

const STAFF = '6f1c2d3e-0000-4000-8000-0000000000aa';

/** The repository's rules, in memory: a step is used once and in order, a recovery code once. */
class InMemoryTotpRepository extends StaffTotpRepository {
  secretBox: Buffer | null = null;
  enrolledAt: Date | null = null;
  lastStep: number | null = null;
  codes = new Map<string, Date | null>();

  async findState(): Promise<TotpState> {
    const left = [...this.codes.values()].filter((u) => u === null).length;
    return { secretBox: this.secretBox, enrolledAt: this.enrolledAt, lastStep: this.lastStep, recoveryCodesLeft: left };
  }
  async savePendingSecret(_m: EntityManager, _id: string, box: Buffer): Promise<boolean> {
    if (this.enrolledAt) return false;
    this.secretBox = box;
    this.lastStep = null;
    return true;
  }
  async confirmEnrolment(_m: EntityManager, _id: string, box: Buffer, step: number, hashes: Buffer[], at: Date): Promise<boolean> {
    if (this.enrolledAt || !this.secretBox?.equals(box)) return false;
    this.enrolledAt = at;
    this.lastStep = step;
    this.codes = new Map(hashes.map((h) => [h.toString('hex'), null]));
    return true;
  }
  async useStep(_m: EntityManager, _id: string, step: number): Promise<boolean> {
    if (!this.enrolledAt || (this.lastStep !== null && this.lastStep >= step)) return false;
    this.lastStep = step;
    return true;
  }
  async useRecoveryCode(_m: EntityManager, _id: string, hash: Buffer, at: Date): Promise<boolean> {
    const key = hash.toString('hex');
    if (!this.codes.has(key) || this.codes.get(key) !== null) return false;
    this.codes.set(key, at);
    return true;
  }
}

describe(TwoFactorService.name, () => {
  const crypto = new CryptoService();
  const m = {} as EntityManager;
  const db = { manager: m, transaction: (work: (m: EntityManager) => Promise<unknown>) => work(m) } as unknown as DataSource;
  let repo: InMemoryTotpRepository;
  let clock: FixedClock;
  let service: TwoFactorService;
  let privateKey: Buffer;

  beforeEach(() => {
    repo = new InMemoryTotpRepository();
    clock = new FixedClock(new Date('2026-03-02T01:00:10Z'));
    service = new TwoFactorService(db, repo, crypto, clock);
    privateKey = crypto.generateKeyPair().privateKey;
  });

  const secret = () => openTotpSecret(crypto, privateKey, STAFF, repo.secretBox!);
  const codeNow = (offsetSteps = 0) => totpCodeAt(secret(), totpStep(clock.now()) + offsetSteps);
  const member = (): SignInTotp => ({ staffId: STAFF, secretBox: repo.secretBox, enrolledAt: repo.enrolledAt, lastStep: repo.lastStep });

  async function enrol(): Promise<string[]> {
    await service.beginEnrolment(STAFF, 'irban@kendarikota.go.id', privateKey, { restart: false });
    const { recoveryCodes } = await service.confirmEnrolment(STAFF, privateKey, codeNow());
    clock.advance(30_000); // the confirming code's step is used up
    return recoveryCodes;
  }

  describe('enrolment', () => {
    it('keeps the pending secret across a reload, and replaces it on restart', async () => {
      const first = await service.beginEnrolment(STAFF, 'irban@kendarikota.go.id', privateKey, { restart: false });
      const reload = await service.beginEnrolment(STAFF, 'irban@kendarikota.go.id', privateKey, { restart: false });
      expect(reload).toEqual(first);
      const restarted = await service.beginEnrolment(STAFF, 'irban@kendarikota.go.id', privateKey, { restart: true });
      expect(restarted.secret).not.toBe(first.secret);
      expect(repo.enrolledAt).toBeNull();
    });

    it('turns on only with the right code and returns ten recovery codes that match the stored hashes', async () => {
      await service.beginEnrolment(STAFF, 'irban@kendarikota.go.id', privateKey, { restart: false });
      await expect(service.confirmEnrolment(STAFF, privateKey, '')).rejects.toThrow(TotpConfirmationFailed);
      await expect(service.confirmEnrolment(STAFF, privateKey, codeNow(3))).rejects.toThrow(TotpConfirmationFailed);
      expect(repo.enrolledAt).toBeNull();
      const { recoveryCodes } = await service.confirmEnrolment(STAFF, privateKey, codeNow());
      expect(repo.enrolledAt).toEqual(clock.now());
      expect(repo.lastStep).toBe(totpStep(clock.now()));
      expect(recoveryCodes).toHaveLength(10);
      for (const c of recoveryCodes) expect(repo.codes.has(recoveryCodeHash(STAFF, normaliseRecoveryCode(c)!).toString('hex'))).toBe(true);
      await expect(service.confirmEnrolment(STAFF, privateKey, codeNow())).rejects.toThrow(TotpAlreadyEnrolled);
      await expect(service.beginEnrolment(STAFF, 'irban@kendarikota.go.id', privateKey, { restart: true })).rejects.toThrow(TotpAlreadyEnrolled);
    });

    it('refuses to confirm when nothing is pending', async () => {
      await expect(service.confirmEnrolment(STAFF, privateKey, '123456')).rejects.toThrow(TotpSetupMissing);
    });
  });

  describe('sign-in', () => {
    it('lets a member without TOTP in without a code', async () => {
      await expect(service.verifyAtSignIn(m, member(), privateKey, undefined)).resolves.toBeUndefined();
      await service.beginEnrolment(STAFF, 'irban@kendarikota.go.id', privateKey, { restart: false });
      // A pending, unconfirmed secret does not yet ask for a code.
      await expect(service.verifyAtSignIn(m, member(), privateKey, '')).resolves.toBeUndefined();
    });

    it('asks for a code when enrolled, and refuses a wrong one', async () => {
      await enrol();
      await expect(service.verifyAtSignIn(m, member(), privateKey, undefined)).rejects.toThrow(OtpRequired);
      await expect(service.verifyAtSignIn(m, member(), privateKey, '   ')).rejects.toThrow(OtpRequired);
      const wrong = String((Number(codeNow()) + 1) % 1_000_000).padStart(6, '0');
      await expect(service.verifyAtSignIn(m, member(), privateKey, wrong)).rejects.toThrow(OtpInvalid);
      await expect(service.verifyAtSignIn(m, member(), privateKey, 'not a code')).rejects.toThrow(OtpInvalid);
    });

    it('accepts a code once: the same code, or an older one, is a replay', async () => {
      await enrol();
      const code = codeNow();
      await service.verifyAtSignIn(m, member(), privateKey, code);
      await expect(service.verifyAtSignIn(m, member(), privateKey, code)).rejects.toThrow(OtpInvalid);
      await expect(service.verifyAtSignIn(m, member(), privateKey, codeNow(-1))).rejects.toThrow(OtpInvalid);
      clock.advance(30_000);
      await expect(service.verifyAtSignIn(m, member(), privateKey, codeNow())).resolves.toBeUndefined();
    });

    it('refuses the code that confirmed enrolment, within its 30 seconds', async () => {
      await service.beginEnrolment(STAFF, 'irban@kendarikota.go.id', privateKey, { restart: false });
      const code = codeNow();
      await service.confirmEnrolment(STAFF, privateKey, code);
      await expect(service.verifyAtSignIn(m, member(), privateKey, code)).rejects.toThrow(OtpInvalid);
    });

    it('accepts each recovery code once, however it is typed', async () => {
      const [first, second] = await enrol();
      await service.verifyAtSignIn(m, member(), privateKey, first);
      await expect(service.verifyAtSignIn(m, member(), privateKey, first)).rejects.toThrow(OtpInvalid);
      await service.verifyAtSignIn(m, member(), privateKey, ` ${second.toUpperCase().replace('-', ' ')} `);
      await expect(service.verifyAtSignIn(m, member(), privateKey, second)).rejects.toThrow(OtpInvalid);
      expect((await repo.findState()).recoveryCodesLeft).toBe(8);
      await expect(service.verifyAtSignIn(m, member(), privateKey, 'k3m9p-x2v7q')).rejects.toThrow(OtpInvalid);
    });
  });
});
