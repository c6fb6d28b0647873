import * as sodium from 'sodium-native';
import type { CryptoService } from '../../platform/crypto';

/** Changing it makes every stored TOTP secret unreadable: members would have to enrol again. */
const KEY_CONTEXT = Buffer.from('wbs/staff-totp-secret/v1', 'ascii');

/**
 * The TOTP secret is stored encrypted under a key derived from the member's X25519 private key,
 * which itself is stored only wrapped under the password (and sealed to escrow). A copy of the
 * database alone therefore cannot generate codes: reading the secret takes the password, and
 * someone who has the password is exactly who the second factor must stop.
 *
 * The key is BLAKE2b-256 keyed with the private key over a fixed context string, so it is
 * unrelated to any other use of the private key. The associated data ties the ciphertext to the
 * member's row: copied to another member it does not decrypt.
 */
export function sealTotpSecret(crypto: CryptoService, privateKey: Buffer, staffId: string, secret: Buffer): Buffer {
  return withTotpKey(crypto, privateKey, (key) => crypto.encrypt(key, secret, secretAd(staffId)));
}

/** Throws DecryptionFailed for another member's ciphertext, another key, or a tampered row. */
export function openTotpSecret(crypto: CryptoService, privateKey: Buffer, staffId: string, box: Buffer): Buffer {
  return withTotpKey(crypto, privateKey, (key) => crypto.decrypt(key, box, secretAd(staffId)));
}

/** Derives the member's TOTP key for `use`, then wipes it, whatever `use` did. */
function withTotpKey<T>(crypto: CryptoService, privateKey: Buffer, use: (key: Buffer) => T): T {
  const key = totpSecretKey(privateKey);
  try {
    return use(key);
  } finally {
    crypto.wipe(key);
  }
}

function totpSecretKey(privateKey: Buffer): Buffer {
  if (privateKey.length !== sodium.crypto_box_SECRETKEYBYTES) throw new TypeError('expected an X25519 private key');
  const key = Buffer.alloc(32);
  sodium.crypto_generichash(key, KEY_CONTEXT, privateKey);
  return key;
}

function secretAd(staffId: string): string {
  return `staff:${staffId}:totp-secret`;
}
