import { Test } from '@nestjs/testing';
import * as sodium from 'sodium-native';
import { CryptoModule } from './crypto.module';
import { DecryptionFailed, WrongPassword } from './crypto.errors';
import { CryptoService, DEFAULT_KDF_PARAMS, STREAM_CHUNK_SIZE, type KdfParams } from './crypto.service';

const CHEAP_KDF: KdfParams = { algorithm: 'argon2id', memoryKiB: 256, iterations: 1, parallelism: 1 };
const AD = 'case:6f1c2d3e-0000-4000-8000-000000000001:narrative';

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const item of source) out.push(item);
  return out;
}

/** Cuts `data` into pieces of the given sizes, cycling, so chunk boundaries never line up. */
function pieces(data: Buffer, sizes: number[]): Buffer[] {
  const out: Buffer[] = [];
  for (let offset = 0, i = 0; offset < data.length; i++) {
    const size = sizes[i % sizes.length];
    out.push(data.subarray(offset, offset + size));
    offset += size;
  }
  return out;
}

function flipBit(buf: Buffer, index: number): Buffer {
  const copy = Buffer.from(buf);
  copy[index] ^= 0x01;
  return copy;
}

describe(CryptoService.name, () => {
  const crypto = new CryptoService();

  describe('authenticated encryption', () => {
    it('round-trips and puts a fresh 24-byte nonce in front', () => {
      const key = crypto.randomKey();
      const plaintext = Buffer.from('Kepala dinas menerima suap', 'utf8');
      const a = crypto.encrypt(key, plaintext, AD);
      const b = crypto.encrypt(key, plaintext, AD);
      expect(a.length).toBe(24 + plaintext.length + 16);
      expect(a.subarray(0, 24).equals(b.subarray(0, 24))).toBe(false);
      expect(a.includes(plaintext)).toBe(false);
      expect(crypto.decrypt(key, a, AD)).toEqual(plaintext);
      expect(crypto.decrypt(key, b, AD)).toEqual(plaintext);
    });

    it('round-trips an empty plaintext', () => {
      const key = crypto.randomKey();
      expect(crypto.decrypt(key, crypto.encrypt(key, Buffer.alloc(0), AD), AD)).toEqual(Buffer.alloc(0));
    });

    it('makes 32-byte keys that differ', () => {
      const a = crypto.randomKey();
      expect(a.length).toBe(32);
      expect(a.equals(crypto.randomKey())).toBe(false);
    });

    it('refuses another key', () => {
      const box = crypto.encrypt(crypto.randomKey(), Buffer.from('secret'), AD);
      expect(() => crypto.decrypt(crypto.randomKey(), box, AD)).toThrow(DecryptionFailed);
    });

    it('refuses a ciphertext moved to another place', () => {
      const key = crypto.randomKey();
      const box = crypto.encrypt(key, Buffer.from('secret'), AD);
      expect(() => crypto.decrypt(key, box, AD.replace('narrative', 'answers'))).toThrow(DecryptionFailed);
    });

    it('refuses any flipped byte: nonce, ciphertext or tag', () => {
      const key = crypto.randomKey();
      const box = crypto.encrypt(key, Buffer.from('secret message'), AD);
      for (const index of [0, 23, 24, box.length - 17, box.length - 1]) {
        expect(() => crypto.decrypt(key, flipBit(box, index), AD)).toThrow(DecryptionFailed);
      }
    });

    it('refuses input too short to hold nonce and tag', () => {
      const key = crypto.randomKey();
      expect(() => crypto.decrypt(key, Buffer.alloc(0), AD)).toThrow(DecryptionFailed);
      expect(() => crypto.decrypt(key, Buffer.alloc(39), AD)).toThrow(DecryptionFailed);
    });

    it('answers decryption failure with a 500 and a message key', () => {
      const error = new DecryptionFailed();
      expect([error.code, error.status, error.message]).toEqual(['decryption_failed', 500, 'crypto.decryption_failed']);
    });

    it('rejects a key of the wrong length and empty associated data as programming errors', () => {
      expect(() => crypto.encrypt(Buffer.alloc(16), Buffer.from('x'), AD)).toThrow(TypeError);
      expect(() => crypto.encrypt(crypto.randomKey(), Buffer.from('x'), '')).toThrow(TypeError);
    });

    it('round-trips JSON and refuses it under another place', () => {
      const key = crypto.randomKey();
      const value = { name: 'Budi', nip: '198001012005011001', tags: ['a', 'b'], n: 3 };
      const box = crypto.encryptJson(key, value, AD);
      expect(crypto.decryptJson<typeof value>(key, box, AD)).toEqual(value);
      expect(() => crypto.decryptJson(key, box, 'case:x:identity')).toThrow(DecryptionFailed);
    });

    it('does not quote plaintext when authenticated data is not JSON', () => {
      const key = crypto.randomKey();
      const box = crypto.encrypt(key, Buffer.from('nama pelapor: Budi'), AD);
      expect(() => crypto.decryptJson(key, box, AD)).toThrow(DecryptionFailed);
      expect(() => crypto.decryptJson(key, box, AD)).toThrow(/^crypto\.decryption_failed$/);
    });
  });

  describe('sealed boxes', () => {
    it('opens with the recipient key pair only', () => {
      const recipient = crypto.generateKeyPair();
      const other = crypto.generateKeyPair();
      expect(recipient.publicKey.length).toBe(32);
      expect(recipient.privateKey.length).toBe(32);
      const contentKey = crypto.randomKey();
      const sealed = crypto.seal(contentKey, recipient.publicKey);
      expect(crypto.openSealed(sealed, recipient.publicKey, recipient.privateKey)).toEqual(contentKey);
      expect(() => crypto.openSealed(sealed, other.publicKey, other.privateKey)).toThrow(DecryptionFailed);
    });

    it('derives the public key from the private key', () => {
      const pair = crypto.generateKeyPair();
      expect(crypto.publicKeyOf(pair.privateKey)).toEqual(pair.publicKey);
    });

    it('refuses a tampered or short sealed box', () => {
      const { publicKey, privateKey } = crypto.generateKeyPair();
      const sealed = crypto.seal(Buffer.from('Kc'), publicKey);
      expect(() => crypto.openSealed(flipBit(sealed, sealed.length - 1), publicKey, privateKey)).toThrow(DecryptionFailed);
      expect(() => crypto.openSealed(sealed.subarray(0, 47), publicKey, privateKey)).toThrow(DecryptionFailed);
    });
  });

  describe('private key wrapping', () => {
    it('unwraps with the right password and stores the params used', async () => {
      const { privateKey } = crypto.generateKeyPair();
      const record = await crypto.wrapPrivateKey(privateKey, 'kata sandi yang panjang', CHEAP_KDF);
      expect(record.salt.length).toBe(16);
      expect(record.params).toEqual(CHEAP_KDF);
      expect(record.wrapped.includes(privateKey)).toBe(false);
      expect(await crypto.unwrapPrivateKey(record, 'kata sandi yang panjang')).toEqual(privateKey);
    });

    it('refuses a wrong password with WrongPassword (401, sign-in message)', async () => {
      const record = await crypto.wrapPrivateKey(crypto.generateKeyPair().privateKey, 'correct horse', CHEAP_KDF);
      const failure = crypto.unwrapPrivateKey(record, 'correct horsE');
      await expect(failure).rejects.toBeInstanceOf(WrongPassword);
      await expect(failure).rejects.toMatchObject({ code: 'wrong_password', status: 401, message: 'auth.invalid_credentials' });
    });

    it('refuses a record whose salt, params or ciphertext was changed', async () => {
      const record = await crypto.wrapPrivateKey(crypto.generateKeyPair().privateKey, 'pw', CHEAP_KDF);
      for (const changed of [
        { ...record, salt: flipBit(record.salt, 0) },
        { ...record, params: { ...CHEAP_KDF, iterations: 2 } },
        { ...record, wrapped: flipBit(record.wrapped, 30) },
        { ...record, params: { ...CHEAP_KDF, memoryKiB: 2 ** 32 } },
        { ...record, params: { ...CHEAP_KDF, algorithm: 'scrypt' as 'argon2id' } },
      ]) {
        await expect(crypto.unwrapPrivateKey(changed, 'pw')).rejects.toBeInstanceOf(WrongPassword);
      }
    });

    it('accepts the same password typed with decomposed accents', async () => {
      const record = await crypto.wrapPrivateKey(crypto.randomKey(), 'caf\u00e9 kendari', CHEAP_KDF);
      expect((await crypto.unwrapPrivateKey(record, 'cafe\u0301 kendari')).length).toBe(32);
    });

    it('uses the production params by default', async () => {
      expect(DEFAULT_KDF_PARAMS).toEqual({ algorithm: 'argon2id', memoryKiB: 65536, iterations: 3, parallelism: 1 });
      const record = await crypto.wrapPrivateKey(crypto.randomKey(), 'pw');
      expect(record.params).toEqual(DEFAULT_KDF_PARAMS);
    });

    it('refuses to wrap with params it could not unwrap', async () => {
      await expect(crypto.wrapPrivateKey(crypto.randomKey(), 'pw', { ...CHEAP_KDF, iterations: 0 })).rejects.toThrow(RangeError);
    });
  });

  describe('streamed encryption', () => {
    const chunkSize = 64;
    const sizes = [0, 1, chunkSize - 1, chunkSize, chunkSize + 1, 3 * chunkSize + 5];

    function sampleBytes(n: number): Buffer {
      const buf = Buffer.alloc(n);
      for (let i = 0; i < n; i++) buf[i] = (i * 131 + 7) & 0xff;
      return buf;
    }

    it.each(sizes)('round-trips %i bytes fed in odd-sized pieces', async (size) => {
      const key = crypto.randomKey();
      const plaintext = sampleBytes(size);
      const encrypted = await collect(crypto.encryptStream(key, pieces(plaintext, [7, 1, 30, 100]), chunkSize));

      const expectedChunks = Math.max(1, Math.ceil(size / chunkSize));
      expect(encrypted.length).toBe(1 + expectedChunks);
      expect(encrypted[0].length).toBe(24);
      const lastPlainLength = size === 0 ? 0 : size - (expectedChunks - 1) * chunkSize;
      expect(encrypted.slice(1).map((c) => c.length)).toEqual([...Array<number>(expectedChunks - 1).fill(chunkSize + 17), lastPlainLength + 17]);

      const decrypted = await collect(crypto.decryptStream(key, encrypted, chunkSize));
      expect(Buffer.concat(decrypted)).toEqual(plaintext);
    });

    it('decrypts the stream however it was cut when stored', async () => {
      const key = crypto.randomKey();
      const plaintext = sampleBytes(3 * chunkSize + 5);
      const stored = Buffer.concat(await collect(crypto.encryptStream(key, [plaintext], chunkSize)));
      const decrypted = await collect(crypto.decryptStream(key, pieces(stored, [5, 64, 13]), chunkSize));
      expect(Buffer.concat(decrypted)).toEqual(plaintext);
    });

    it('round-trips with the default chunk size from an async source', async () => {
      const key = crypto.randomKey();
      const plaintext = sampleBytes(3 * STREAM_CHUNK_SIZE + 5);
      async function* source() {
        yield* pieces(plaintext, [1000, 4093]);
      }
      const encrypted = await collect(crypto.encryptStream(key, source()));
      expect(encrypted.length).toBe(5);
      expect(Buffer.concat(await collect(crypto.decryptStream(key, encrypted)))).toEqual(plaintext);
    });

    describe('rejects a damaged stream', () => {
      const key = crypto.randomKey();
      let encrypted: Buffer[];

      beforeAll(async () => {
        encrypted = await collect(crypto.encryptStream(key, [sampleBytes(3 * chunkSize + 5)], chunkSize));
        expect(encrypted.length).toBe(5);
      });

      const decrypt = (items: Buffer[], k = key) => collect(crypto.decryptStream(k, items, chunkSize));

      it('accepts the undamaged stream', async () => {
        await expect(decrypt(encrypted)).resolves.toHaveLength(4);
      });

      it('with the last chunk dropped', async () => {
        await expect(decrypt(encrypted.slice(0, -1))).rejects.toBeInstanceOf(DecryptionFailed);
      });

      it('with only the header left, or nothing at all', async () => {
        await expect(decrypt(encrypted.slice(0, 1))).rejects.toBeInstanceOf(DecryptionFailed);
        await expect(decrypt([])).rejects.toBeInstanceOf(DecryptionFailed);
      });

      it('with bytes cut off the final chunk', async () => {
        const items = [...encrypted.slice(0, -1), encrypted[4].subarray(0, 10)];
        await expect(decrypt(items)).rejects.toBeInstanceOf(DecryptionFailed);
      });

      it('with two chunks swapped', async () => {
        const [header, c1, c2, ...rest] = encrypted;
        await expect(decrypt([header, c2, c1, ...rest])).rejects.toBeInstanceOf(DecryptionFailed);
      });

      it('with a bit flipped in a chunk or the header', async () => {
        const inChunk = encrypted.map((c, i) => (i === 2 ? flipBit(c, 10) : c));
        const inHeader = encrypted.map((c, i) => (i === 0 ? flipBit(c, 3) : c));
        await expect(decrypt(inChunk)).rejects.toBeInstanceOf(DecryptionFailed);
        await expect(decrypt(inHeader)).rejects.toBeInstanceOf(DecryptionFailed);
      });

      it('with data after the final chunk', async () => {
        await expect(decrypt([...encrypted, Buffer.from([0])])).rejects.toBeInstanceOf(DecryptionFailed);
        await expect(decrypt([...encrypted, encrypted[4]])).rejects.toBeInstanceOf(DecryptionFailed);
      });

      it('with another key or another chunk size', async () => {
        await expect(decrypt(encrypted, crypto.randomKey())).rejects.toBeInstanceOf(DecryptionFailed);
        await expect(collect(crypto.decryptStream(key, encrypted, chunkSize + 1))).rejects.toBeInstanceOf(DecryptionFailed);
      });

      it('with a chunk tagged other than message or final', async () => {
        // Only the key holder can write such a stream, but this app never does, so it is not ours.
        const ss = sodium as unknown as Record<string, (...args: unknown[]) => unknown> & Record<string, number>;
        const state = Buffer.alloc(ss.crypto_secretstream_xchacha20poly1305_STATEBYTES);
        const header = Buffer.alloc(24);
        ss.crypto_secretstream_xchacha20poly1305_init_push(state, header, key);
        const push = (m: Buffer, tag: number) => {
          const c = Buffer.alloc(m.length + 17);
          ss.crypto_secretstream_xchacha20poly1305_push(state, c, m, null, tag);
          return c;
        };
        const items = [header, push(Buffer.alloc(chunkSize), ss.crypto_secretstream_xchacha20poly1305_TAG_PUSH), push(Buffer.alloc(3), ss.crypto_secretstream_xchacha20poly1305_TAG_FINAL)];
        await expect(decrypt(items)).rejects.toBeInstanceOf(DecryptionFailed);
      });

      it('that was spliced from two streams under the same key', async () => {
        const other = await collect(crypto.encryptStream(key, [sampleBytes(3 * chunkSize + 5)], chunkSize));
        await expect(decrypt([...encrypted.slice(0, 2), ...other.slice(2)])).rejects.toBeInstanceOf(DecryptionFailed);
      });
    });
  });

  describe('helpers', () => {
    it('hashes with SHA-256', () => {
      expect(crypto.sha256(Buffer.from('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    });

    it('wipes a buffer', () => {
      const key = crypto.randomKey();
      crypto.wipe(key);
      expect(key.equals(Buffer.alloc(32))).toBe(true);
    });
  });

  it('is provided everywhere by CryptoModule', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [CryptoModule] }).compile();
    expect(moduleRef.get(CryptoService)).toBeInstanceOf(CryptoService);
  });
});
