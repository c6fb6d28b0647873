export { CryptoModule } from './crypto.module';
export { CryptoService, DEFAULT_KDF_PARAMS, STREAM_CHUNK_SIZE, type KdfParams, type WrappedKey } from './crypto.service';
export { DecryptionFailed, WrongPassword } from './crypto.errors';
export { RECEIPT_LENGTH, formatReceipt, generateReceipt, normaliseReceipt, receiptLookup, reporterKey } from './receipt';
export { loadDeploymentSecrets, type DeploymentSecrets } from './deployment-secrets';
