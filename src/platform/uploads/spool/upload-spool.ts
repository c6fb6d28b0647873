import { Inject, Injectable } from '@nestjs/common';
import * as path from 'node:path';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { CryptoService } from '../../crypto';
import { EncryptedSpoolFile, SPOOL_CHUNK_SIZE } from './encrypted-spool-file';

/** Where uploads wait while their request runs: encrypted files under `DATA_DIR/tmp/uploads`. */
@Injectable()
export class UploadSpool {
  readonly dir: string;

  constructor(
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'dataDir'>,
    private readonly crypto: CryptoService,
  ) {
    this.dir = path.join(config.dataDir, 'tmp', 'uploads');
  }

  create(): Promise<EncryptedSpoolFile> {
    return EncryptedSpoolFile.create(this.dir, this.crypto);
  }

  /**
   * Moves bytes made in memory (a cleaned photo or document) into a spool file and wipes them,
   * so a request with several large files holds at most one of them in memory at a time.
   */
  async fromBuffer(data: Buffer): Promise<EncryptedSpoolFile> {
    const file = await this.create();
    try {
      for (let at = 0; at < data.length; at += SPOOL_CHUNK_SIZE) await file.append(data.subarray(at, at + SPOOL_CHUNK_SIZE));
      await file.finish();
    } catch (e) {
      await file.dispose();
      throw e;
    } finally {
      this.crypto.wipe(data);
    }
    return file;
  }
}
