import { DomainError } from '../http/domain-error';
import { registerDictionary } from '../i18n/i18n';
import { cryptoDictionary } from './i18n/crypto.i18n';

registerDictionary(cryptoDictionary);

/**
 * Authenticated decryption failed: wrong key, wrong associated data, a truncated or tampered
 * ciphertext. The causes are deliberately not told apart. A 500, because for data the server
 * wrote with keys it holds this means a fault or tampering, never a user mistake.
 */
export class DecryptionFailed extends DomainError {
  readonly code = 'decryption_failed';
  readonly status = 500;
  constructor() {
    super('crypto.decryption_failed');
  }
}

/**
 * The password did not unwrap the staff member's private key. A corrupted record looks the same,
 * which is fine: either way the sign-in fails. The message key belongs to the auth dictionary.
 */
export class WrongPassword extends DomainError {
  readonly code = 'wrong_password';
  readonly status = 401;
  constructor() {
    super('auth.invalid_credentials');
  }
}
