import fs from 'node:fs';
import * as path from 'node:path';
import { ensureSecretsDir, writeSecretFileOnce } from '../platform/crypto/secret-file';
import { parseEscrowShares } from './escrow-shares';

/**
 * Writes printed escrow shares one per file, in a new directory readable by its owner only, so
 * each can be printed and handed to a different person. Refuses a directory that exists already:
 * shares of an earlier split are never overwritten or mixed with a new set.
 */
export function writeEscrowShareFiles(dataDir: string, shares: string[], outDir: string | undefined, madeAt: Date): { dir: string; files: string[] } {
  const [first] = parseEscrowShares(shares);
  const dir = outDir ? path.resolve(outDir) : path.join(ensureSecretsDir(dataDir), `escrow-shares-${first.keyId}-${first.setId}`);
  fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o700 });
  fs.mkdirSync(dir, { mode: 0o700 }); // EEXIST when it is there: nothing is overwritten
  fs.chmodSync(dir, 0o700);
  const files = shares.map((line, i) => {
    const file = path.join(dir, `share-${i + 1}-of-${first.of}.txt`);
    const text = [
      `WBS escrow key, share ${i + 1} of ${first.of}. Any ${first.need} shares together recover the key; fewer reveal nothing.`,
      `Key id ${first.keyId}, set ${first.setId}, made ${madeAt.toISOString().slice(0, 10)}.`,
      'Keep this sheet sealed, with its own keeper, apart from the other shares. When an admin',
      "resets a member's password, the keeper types or pastes the line below into the form's",
      '"shares" box (one share per line, beside the other keepers\' shares).',
      '',
      line,
      '',
    ].join('\n');
    if (!writeSecretFileOnce(file, text)) throw new Error(`${file} already exists`);
    return file;
  });
  return { dir, files };
}
