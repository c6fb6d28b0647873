import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { hashRaw, type Algorithm } from '@node-rs/argon2';
import * as sodium from 'sodium-native';
import { DecryptionFailed, WrongPassword } from './crypto.errors';

export interface KdfParams {
  algorithm: 'argon2id';
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

/** A staff private key encrypted under a key derived from the staff member's password. */
export interface WrappedKey {
  salt: Buffer;
  params: KdfParams;
  wrapped: Buffer;
}

export const DEFAULT_KDF_PARAMS: Readonly<KdfParams> = Object.freeze({
  algorithm: 'argon2id',
  memoryKiB: 65536,
  iterations: 3,
  parallelism: 1,
});

/** Plaintext bytes per attachment chunk; a stored attachment must be read back with the same size. */
export const STREAM_CHUNK_SIZE = 64 * 1024;

const KEY_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
const NONCE_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
const MAC_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES;
const KDF_SALT_BYTES = 16;
const PRIVATE_KEY_AD = 'staff-private-key';

// Algorithm is a const enum that exists only in the typings (at run time the export is `{}`),
// and SWC, which compiles the tests, cannot inline it. 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

/**
 * @types/sodium-native describes sodium-native 2.x, where the secretstream state was an object and
 * tags were Buffers. In 5.x the state is a plain buffer and tags are numbers; these are the 5.x
 * signatures of the calls used here.
 */
interface SecretStream {
  crypto_secretstream_xchacha20poly1305_STATEBYTES: number;
  crypto_secretstream_xchacha20poly1305_HEADERBYTES: number;
  crypto_secretstream_xchacha20poly1305_ABYTES: number;
  crypto_secretstream_xchacha20poly1305_TAG_MESSAGE: number;
  crypto_secretstream_xchacha20poly1305_TAG_FINAL: number;
  crypto_secretstream_xchacha20poly1305_init_push(state: Buffer, header: Buffer, key: Buffer): void;
  crypto_secretstream_xchacha20poly1305_push(state: Buffer, c: Buffer, m: Buffer, ad: Buffer | null, tag: number): number;
  crypto_secretstream_xchacha20poly1305_init_pull(state: Buffer, header: Buffer, key: Buffer): void;
  crypto_secretstream_xchacha20poly1305_pull(state: Buffer, m: Buffer, tag: Buffer, c: Buffer, ad: Buffer | null): number;
}
const stream = sodium as unknown as SecretStream;
const STREAM_STATE_BYTES = stream.crypto_secretstream_xchacha20poly1305_STATEBYTES;
const STREAM_HEADER_BYTES = stream.crypto_secretstream_xchacha20poly1305_HEADERBYTES;
const STREAM_MAC_BYTES = stream.crypto_secretstream_xchacha20poly1305_ABYTES;
const TAG_MESSAGE = stream.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
const TAG_FINAL = stream.crypto_secretstream_xchacha20poly1305_TAG_FINAL;

/**
 * The app's keys and ciphertexts (DESIGN §4), on libsodium through sodium-native; receipts and
 * deployment secrets are plain functions beside it. Stateless: keys come in as arguments, and
 * callers wipe the keys they are done with.
 */
@Injectable()
export class CryptoService {
  randomKey(): Buffer {
    const key = Buffer.alloc(KEY_BYTES);
    sodium.randombytes_buf(key);
    return key;
  }

  /**
   * XChaCha20-Poly1305 with a random nonce; returns `nonce || ciphertext`. `ad` names the place the
   * ciphertext belongs to (e.g. `case:<uuid>:narrative`), so a ciphertext copied to another row or
   * field does not decrypt there.
   */
  encrypt(key: Buffer, plaintext: Buffer, ad: string): Buffer {
    assertKey(key);
    const box = Buffer.alloc(NONCE_BYTES + plaintext.length + MAC_BYTES);
    const nonce = box.subarray(0, NONCE_BYTES);
    sodium.randombytes_buf(nonce);
    sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(box.subarray(NONCE_BYTES), plaintext, adBytes(ad), null, nonce, key);
    return box;
  }

  decrypt(key: Buffer, box: Buffer, ad: string): Buffer {
    assertKey(key);
    if (box.length < NONCE_BYTES + MAC_BYTES) throw new DecryptionFailed();
    const plaintext = Buffer.alloc(box.length - NONCE_BYTES - MAC_BYTES);
    try {
      sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(plaintext, null, box.subarray(NONCE_BYTES), adBytes(ad), box.subarray(0, NONCE_BYTES), key);
    } catch {
      throw new DecryptionFailed();
    }
    return plaintext;
  }

  encryptJson(key: Buffer, value: unknown, ad: string): Buffer {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError('encryptJson needs a JSON-serialisable value');
    const plaintext = Buffer.from(json, 'utf8');
    try {
      return this.encrypt(key, plaintext, ad);
    } finally {
      this.wipe(plaintext);
    }
  }

  decryptJson<T>(key: Buffer, box: Buffer, ad: string): T {
    const plaintext = this.decrypt(key, box, ad);
    try {
      return JSON.parse(plaintext.toString('utf8')) as T;
    } catch {
      // JSON.parse quotes the text it choked on, and error messages end up in logs.
      throw new DecryptionFailed();
    } finally {
      this.wipe(plaintext);
    }
  }

  /**
   * A 32-byte key for one purpose, derived from `key` with keyed BLAKE2b over the purpose's name,
   * so a key made for one use (e.g. a session's key) never doubles as the key of another.
   */
  deriveKey(key: Buffer, purpose: string): Buffer {
    assertKey(key);
    const out = Buffer.alloc(KEY_BYTES);
    sodium.crypto_generichash(out, Buffer.from(purpose, 'utf8'), key);
    return out;
  }

  /** A keyed BLAKE2b digest of `data` (16 bytes): a name for it that means nothing without the key. */
  keyedDigest(key: Buffer, data: Buffer): Buffer {
    assertKey(key);
    const out = Buffer.alloc(16);
    sodium.crypto_generichash(out, data, key);
    return out;
  }

  /** An X25519 key pair for sealed boxes. */
  generateKeyPair(): { publicKey: Buffer; privateKey: Buffer } {
    const publicKey = Buffer.alloc(sodium.crypto_box_PUBLICKEYBYTES);
    const privateKey = Buffer.alloc(sodium.crypto_box_SECRETKEYBYTES);
    sodium.crypto_box_keypair(publicKey, privateKey);
    return { publicKey, privateKey };
  }

  /** The public half of an X25519 private key (so a session need only carry the private key). */
  publicKeyOf(privateKey: Buffer): Buffer {
    const publicKey = Buffer.alloc(sodium.crypto_box_PUBLICKEYBYTES);
    sodium.crypto_scalarmult_base(publicKey, privateKey);
    return publicKey;
  }

  /** Anonymous public-key encryption: only the holder of the matching private key can open it. */
  seal(message: Buffer, recipientPublicKey: Buffer): Buffer {
    const sealed = Buffer.alloc(message.length + sodium.crypto_box_SEALBYTES);
    sodium.crypto_box_seal(sealed, message, recipientPublicKey);
    return sealed;
  }

  openSealed(sealed: Buffer, publicKey: Buffer, privateKey: Buffer): Buffer {
    if (sealed.length < sodium.crypto_box_SEALBYTES) throw new DecryptionFailed();
    const message = Buffer.alloc(sealed.length - sodium.crypto_box_SEALBYTES);
    if (!sodium.crypto_box_seal_open(message, sealed, publicKey, privateKey)) throw new DecryptionFailed();
    return message;
  }

  /**
   * Encrypts a staff private key under a key derived from the password with Argon2id. `params`
   * defaults to DEFAULT_KDF_PARAMS; tests pass cheaper ones (integration tests can override the
   * provider with a subclass that does). They are stored in the record, so unwrapping always uses
   * the params the key was wrapped with, and the defaults can be raised without a migration.
   */
  async wrapPrivateKey(privateKey: Buffer, password: string, params: KdfParams = DEFAULT_KDF_PARAMS): Promise<WrappedKey> {
    // Checked here too, or a key could be wrapped with params that unwrapping then refuses.
    if (!saneKdfParams(params)) throw new RangeError('KDF params out of the accepted range');
    const salt = Buffer.alloc(KDF_SALT_BYTES);
    sodium.randombytes_buf(salt);
    const derived = await deriveKey(password, salt, params);
    try {
      return { salt, params: { ...params }, wrapped: this.encrypt(derived, privateKey, PRIVATE_KEY_AD) };
    } finally {
      this.wipe(derived);
    }
  }

  /** Also the password check: only the right password yields a key that authenticates. */
  async unwrapPrivateKey(wrapped: WrappedKey, password: string): Promise<Buffer> {
    // The params come from the database; absurd ones would make Argon2 allocate without bound.
    if (!saneKdfParams(wrapped.params)) throw new WrongPassword();
    let derived: Buffer;
    try {
      derived = await deriveKey(password, wrapped.salt, wrapped.params);
    } catch {
      throw new WrongPassword();
    }
    try {
      return this.decrypt(derived, wrapped.wrapped, PRIVATE_KEY_AD);
    } catch {
      throw new WrongPassword();
    } finally {
      this.wipe(derived);
    }
  }

  /**
   * Encrypts an attachment chunk by chunk (secretstream), so a large file never sits in memory
   * whole. Yields the header, then one ciphertext per `chunkSize` bytes of plaintext however the
   * input is cut; the last, possibly shorter or empty, is tagged final so truncation is detected.
   */
  async *encryptStream(key: Buffer, source: AsyncIterable<Buffer> | Iterable<Buffer>, chunkSize = STREAM_CHUNK_SIZE): AsyncGenerator<Buffer> {
    assertKey(key);
    assertChunkSize(chunkSize);
    const state = Buffer.alloc(STREAM_STATE_BYTES);
    const header = Buffer.alloc(STREAM_HEADER_BYTES);
    try {
      stream.crypto_secretstream_xchacha20poly1305_init_push(state, header, key);
      yield header;
      for await (const { bytes, last } of cut(source, () => chunkSize)) {
        const ciphertext = Buffer.alloc(bytes.length + STREAM_MAC_BYTES);
        stream.crypto_secretstream_xchacha20poly1305_push(state, ciphertext, bytes, null, last ? TAG_FINAL : TAG_MESSAGE);
        this.wipe(bytes);
        yield ciphertext;
      }
    } finally {
      this.wipe(state);
    }
  }

  /**
   * Reverses encryptStream. The input may be cut anywhere (as produced, or as read back from a
   * file); `chunkSize` must match the one used to encrypt. Plaintext is yielded as it is verified,
   * so a consumer must treat an error as "the whole file is bad": abort the response or discard
   * what it wrote, never finish it normally.
   */
  async *decryptStream(key: Buffer, source: AsyncIterable<Buffer> | Iterable<Buffer>, chunkSize = STREAM_CHUNK_SIZE): AsyncGenerator<Buffer> {
    assertKey(key);
    assertChunkSize(chunkSize);
    const state = Buffer.alloc(STREAM_STATE_BYTES);
    let started = false;
    try {
      for await (const { bytes, last } of cut(source, (i) => (i === 0 ? STREAM_HEADER_BYTES : chunkSize + STREAM_MAC_BYTES))) {
        if (!started) {
          // A header with nothing after it is a truncated stream: even empty input has a final chunk.
          if (last || bytes.length !== STREAM_HEADER_BYTES) throw new DecryptionFailed();
          stream.crypto_secretstream_xchacha20poly1305_init_pull(state, bytes, key);
          started = true;
          continue;
        }
        if (bytes.length < STREAM_MAC_BYTES) throw new DecryptionFailed();
        const plaintext = Buffer.alloc(bytes.length - STREAM_MAC_BYTES);
        const tag = Buffer.alloc(1);
        try {
          stream.crypto_secretstream_xchacha20poly1305_pull(state, plaintext, tag, bytes, null);
        } catch {
          throw new DecryptionFailed();
        }
        const final = tag[0] === TAG_FINAL;
        // A final chunk with data after it, or a stream that stops without one, was cut or spliced.
        if (final !== last || (!final && tag[0] !== TAG_MESSAGE)) throw new DecryptionFailed();
        yield plaintext;
      }
    } finally {
      this.wipe(state);
    }
  }

  /**
   * Hex SHA-256, for integrity checks of data that is not secret. Never store the hash of
   * plaintext report content in clear: it would confirm a guessed file or text. For streams use
   * node:crypto `createHash('sha256')`.
   */
  sha256(data: Buffer): string {
    return createHash('sha256').update(data).digest('hex');
  }

  /** Overwrites a key or plaintext buffer once it is no longer needed. */
  wipe(buf: Buffer): void {
    sodium.sodium_memzero(buf);
  }
}

function assertKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) throw new TypeError(`key must be a ${KEY_BYTES}-byte Buffer`);
}

function assertChunkSize(chunkSize: number): void {
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) throw new RangeError('chunkSize must be a positive integer');
}

function adBytes(ad: string): Buffer {
  // Without a place name, ciphertexts could be swapped between rows unnoticed.
  if (!ad) throw new TypeError('associated data must name where the ciphertext belongs');
  return Buffer.from(ad, 'utf8');
}

function saneKdfParams(p: KdfParams | undefined): boolean {
  const within = (n: unknown, min: number, max: number) => Number.isSafeInteger(n) && (n as number) >= min && (n as number) <= max;
  return p?.algorithm === 'argon2id' && within(p.parallelism, 1, 16) && within(p.memoryKiB, 8 * p.parallelism, 4 * 1024 * 1024) && within(p.iterations, 1, 64);
}

function deriveKey(password: string, salt: Buffer, params: KdfParams): Promise<Buffer> {
  // NFKC, so the same password typed on another keyboard or OS (composed or decomposed accents) still works.
  return hashRaw(password.normalize('NFKC'), {
    algorithm: ARGON2ID,
    memoryCost: params.memoryKiB,
    timeCost: params.iterations,
    parallelism: params.parallelism,
    outputLen: KEY_BYTES,
    salt,
  });
}

/**
 * Re-cuts a byte stream into pieces of `sizeOf(index)` bytes, reading one byte ahead so each
 * piece knows whether it is the last. The last may be shorter, or empty when the input is empty.
 */
async function* cut(source: AsyncIterable<Buffer> | Iterable<Buffer>, sizeOf: (index: number) => number): AsyncGenerator<{ bytes: Buffer; last: boolean }> {
  let index = 0;
  let piece = Buffer.alloc(sizeOf(index));
  let filled = 0;
  for await (const input of source) {
    let offset = 0;
    while (offset < input.length) {
      if (filled === piece.length) {
        yield { bytes: piece, last: false };
        piece = Buffer.alloc(sizeOf(++index));
        filled = 0;
      }
      const copied = input.copy(piece, filled, offset);
      filled += copied;
      offset += copied;
    }
  }
  yield { bytes: piece.subarray(0, filled), last: true };
}
