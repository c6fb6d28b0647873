import { DEFAULT_KDF_PARAMS, KdfParams } from '../platform/crypto';
import type { AppConfig } from '../platform/config/app-config';

/** Argon2id parameters for new wraps: the defaults, with memory as configured (tests lower it). */
export function kdfParamsFor(config: AppConfig): KdfParams {
  return { ...DEFAULT_KDF_PARAMS, memoryKiB: config.kdfMemoryKiB };
}
