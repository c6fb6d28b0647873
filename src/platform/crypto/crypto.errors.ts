import { errorKind } from '../http/domain-error';
import { registerDictionary } from '../i18n/i18n';
import { cryptoDictionary } from './i18n/crypto.i18n';

registerDictionary(cryptoDictionary);

/**
 * Authenticated decryption failed: wrong key, wrong associated data, a truncated or tampered
 * ciphertext. The causes are deliberately not told apart. A 500, because for data the server
 * wrote with keys it holds this means a fault or tampering, never a user mistake.
 */
export class DecryptionFailed extends errorKind('decryption_failed', 500).withMessage('crypto.decryption_failed') {}

/**
 * The password did not unwrap the staff member's private key. A corrupted record looks the same,
 * which is fine: either way the sign-in fails. The message key belongs to the auth dictionary.
 */
export class WrongPassword extends errorKind('wrong_password', 401).withMessage('auth.invalid_credentials') {}
