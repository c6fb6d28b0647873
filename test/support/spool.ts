import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CryptoService } from '../../src/platform/crypto';
import { UploadSpool } from '../../src/platform/uploads/spool/upload-spool';

/** An upload spool in a fresh temporary DATA_DIR, for unit tests of the inspector. */
export function temporarySpool(): UploadSpool {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wbs-spool-'));
  const spool = new UploadSpool({ dataDir }, new CryptoService());
  mkdirSync(spool.dir, { recursive: true });
  return spool;
}
