import { createHash } from 'node:crypto';
import fs from 'node:fs';
import * as path from 'node:path';
import { ensureSecretsDir, writeSecretFileOnce } from '../platform/crypto/secret-file';
import { EscrowKeyRefused } from './staff-accounts.errors';

/**
 * The escrow private key leaves the process in one way only: a file under `DATA_DIR/secrets/`,
 * readable by its owner, written once when the key pair is made (DESIGN.md §4). Never stdout,
 * stderr or the log, which end up in journald and log collectors next to the database dumps.
 * The operator moves the file offline (on paper, or as shares: `escrow:split`) and deletes it.
 */

/** A short name of the escrow key pair, from its public half: names files and shares, reveals nothing. */
export function escrowKeyId(publicKey: Buffer): string {
  return createHash('sha256').update(publicKey).digest('hex').slice(0, 8);
}

const FILE_PATTERN = /^escrow-private-key-([0-9a-f]{8})\.txt$/;

export function escrowKeyFilePath(dataDir: string, keyId: string): string {
  return path.join(dataDir, 'secrets', `escrow-private-key-${keyId}.txt`);
}

/**
 * Writes the key file (0600, in a 0700 directory) and returns its path. Refuses to replace an
 * existing file: that would destroy the only copy of another key.
 */
export function writeEscrowKeyFile(dataDir: string, privateKey: Buffer, publicKey: Buffer, createdAt: Date): string {
  ensureSecretsDir(dataDir);
  const keyId = escrowKeyId(publicKey);
  const file = escrowKeyFilePath(dataDir, keyId);
  const text = [
    '# WBS escrow private key. With a copy of the database it opens every staff key, so every',
    '# report and every reporter identity. It is written here once and stored nowhere else.',
    `# Key id ${keyId}, created ${createdAt.toISOString()}.`,
    '# Move it offline now: print it for two sealed envelopes, or split it into shares with',
    `#   npm run cli -- escrow:split --shares 3 --threshold 2 --key-file ${file}`,
    '# then delete this file (shred -u). An admin pastes the line below (or the shares) into the',
    '# password reset form when a member has forgotten their password.',
    privateKey.toString('base64'),
    '',
  ].join('\n');
  if (!writeSecretFileOnce(file, text)) throw new Error(`${file} already exists; it was left as it is and no new escrow key was made`);
  return file;
}

/** Escrow key files still on this server (the operator should have moved them offline), with their key ids. */
export function escrowKeyFilesIn(dataDir: string): { file: string; keyId: string }[] {
  let names: string[];
  try {
    names = fs.readdirSync(path.join(dataDir, 'secrets'));
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const m = FILE_PATTERN.exec(n);
    return m ? [{ file: path.join(dataDir, 'secrets', n), keyId: m[1] }] : [];
  });
}

/**
 * The escrow private key as typed, pasted or read from its file: base64 of 32 bytes. Comment
 * lines (`#`, from the file) and spaces or line breaks from copying are ignored.
 */
export function parseEscrowKeyText(input: string): Buffer {
  const text = input
    .split(/\r?\n/)
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('')
    .replace(/\s+/g, '');
  if (!text) throw new EscrowKeyRefused('staff.escrow_key_required');
  if (!/^[A-Za-z0-9+/]{43}=?$/.test(text)) throw new EscrowKeyRefused('staff.escrow_key_malformed');
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new EscrowKeyRefused('staff.escrow_key_malformed');
  return key;
}
