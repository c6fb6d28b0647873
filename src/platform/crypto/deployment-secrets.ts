import fs from 'node:fs';
import * as path from 'node:path';
import * as sodium from 'sodium-native';
import { ensureSecretsDir, writeSecretFileOnce } from './secret-file';

export interface DeploymentSecrets {
  /** Keys the receipt lookup hash. Lose it and no reporter can find their case again: back it up. */
  receiptSecret: Buffer;
  tokenSecret: Buffer;
}

const SECRET_BYTES = 32;

/**
 * Reads the deployment secrets from the environment, or else from `<dataDir>/secrets/*.key`,
 * creating those files with fresh random bytes on first start (the embedded, single-server setup).
 *
 * Every instance of the app must use the same values, or a receipt hashed by one is not found by
 * another and tokens signed by one are refused by the next. When running several instances, set
 * RECEIPT_SECRET and TOKEN_SECRET in the environment of each (e.g. `openssl rand -base64 32`).
 */
export function loadDeploymentSecrets(dataDir: string, env: { RECEIPT_SECRET?: string; TOKEN_SECRET?: string }): DeploymentSecrets {
  return {
    receiptSecret: loadSecret('RECEIPT_SECRET', env.RECEIPT_SECRET, dataDir, 'receipt-secret'),
    tokenSecret: loadSecret('TOKEN_SECRET', env.TOKEN_SECRET, dataDir, 'token-secret'),
  };
}

function loadSecret(variable: string, value: string | undefined, dataDir: string, fileName: string): Buffer {
  if (value !== undefined) {
    // An empty value is refused rather than read as "unset": falling back to a per-server file
    // would quietly split the secrets of instances that were meant to share them.
    const secret = decodeEnvValue(value.trim());
    if (!secret) {
      throw new Error(
        `${variable} must be at least ${SECRET_BYTES} random bytes written as hex (64+ characters) or ` +
          `base64 (44+ characters), e.g. from \`openssl rand -base64 32\`; or leave it unset to keep the ` +
          `secret in ${path.join(dataDir, 'secrets')}`,
      );
    }
    return secret;
  }
  return loadOrCreateFile(dataDir, `${fileName}.key`);
}

function decodeEnvValue(text: string): Buffer | null {
  // Hex is tried first: a hex string is also valid base64, but a random base64 one is hardly ever hex.
  if (/^(?:[0-9a-fA-F]{2})+$/.test(text)) return toSecret(Buffer.from(text, 'hex'));
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return toSecret(Buffer.from(text, 'base64'));
  return null;
}

/** Longer secrets are hashed down, so every consumer can rely on exactly 32 bytes. */
function toSecret(bytes: Buffer): Buffer | null {
  if (bytes.length < SECRET_BYTES) return null;
  if (bytes.length === SECRET_BYTES) return bytes;
  const secret = Buffer.alloc(SECRET_BYTES);
  sodium.crypto_generichash(secret, bytes);
  return secret;
}

function loadOrCreateFile(dataDir: string, fileName: string): Buffer {
  const file = path.join(ensureSecretsDir(dataDir), fileName);
  if (!fs.existsSync(file)) createOnce(file);
  const fd = fs.openSync(file, 'r');
  try {
    const mode = fs.fstatSync(fd).mode;
    // Windows has no such mode bits; Node reports 0o666 there.
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      throw new Error(`${file} is accessible to group or others (mode ${(mode & 0o777).toString(8)}); run chmod 600 on it`);
    }
    const secret = toSecret(Buffer.from(fs.readFileSync(fd, 'utf8').trim(), 'base64'));
    if (!secret) throw new Error(`${file} must hold at least ${SECRET_BYTES} bytes in base64`);
    return secret;
  } finally {
    fs.closeSync(fd);
  }
}

/** A fresh random secret, written once (a process starting at the same moment may win; its value is read). */
function createOnce(file: string): void {
  const fresh = Buffer.alloc(SECRET_BYTES);
  sodium.randombytes_buf(fresh);
  try {
    writeSecretFileOnce(file, `${fresh.toString('base64')}\n`);
  } finally {
    sodium.sodium_memzero(fresh);
  }
}
