import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CryptoService } from '../../crypto';
import type { AppConfig } from '../../config/app-config';
import { EncryptedSpoolFile, SPOOL_CHUNK_SIZE } from './encrypted-spool-file';
import { UploadGate } from './upload-gate';
import { readAll } from './upload-source';

/** The descriptors this process holds on files in `dir` (spool files are unlinked, so only these reach them). */
function openFilesIn(dir: string): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir + path.sep) ? [`/proc/self/fd/${fd}`] : [];
    } catch {
      return [];
    }
  });
}

describe(EncryptedSpoolFile.name, () => {
  const crypto = new CryptoService();
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wbs-spool-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([0, 1, SPOOL_CHUNK_SIZE - 1, SPOOL_CHUNK_SIZE, 3 * SPOOL_CHUNK_SIZE + 17])('gives back exactly what was written (%i bytes), however it arrived', async (size) => {
    const data = Buffer.alloc(size);
    for (let i = 0; i < size; i++) data[i] = (i * 31) % 251;
    const spool = await EncryptedSpoolFile.create(dir, crypto);
    for (let at = 0; at < size; at += 1000) await spool.append(data.subarray(at, at + 1000));
    await spool.finish();
    expect(spool.size).toBe(size);
    expect((await readAll(spool)).equals(data)).toBe(true);
    // Read twice: the inspector checks a file and the store reads it again.
    expect((await readAll(spool)).equals(data)).toBe(true);
    await spool.dispose();
  });

  it('keeps no name on disk and no plaintext in the file, and frees it on dispose', async () => {
    const secret = Buffer.from('NAMA-PELAPOR-RAHASIA '.repeat(5000));
    const spool = await EncryptedSpoolFile.create(dir, crypto);
    await spool.append(secret);
    await spool.finish();
    expect(readdirSync(dir)).toEqual([]);
    const [open] = openFilesIn(dir);
    expect(open).toBeDefined();
    const onDisk = readFileSync(open);
    expect(onDisk.length).toBeGreaterThan(secret.length);
    expect(onDisk.includes('NAMA-PELAPOR')).toBe(false);
    await spool.dispose();
    expect(openFilesIn(dir)).toEqual([]);
    await expect(spool.append(Buffer.from('x'))).rejects.toThrow();
  });

  it('refuses a chunk that was changed on disk', async () => {
    const spool = await EncryptedSpoolFile.create(dir, crypto);
    await spool.append(Buffer.alloc(SPOOL_CHUNK_SIZE * 2, 7));
    await spool.finish();
    const [open] = openFilesIn(dir);
    const fd = await import('node:fs/promises').then((fs) => fs.open(open, 'r+'));
    await fd.write(Buffer.from([0xff]), 0, 1, 100);
    await fd.close();
    await expect(readAll(spool)).rejects.toThrow();
    await spool.dispose();
  });
});

describe(UploadGate.name, () => {
  const MiB = 1024 * 1024;
  const gate = (maxConcurrent = 2, dailyQuotaBytes = 10 * MiB) => new UploadGate({ uploads: { maxConcurrent, dailyQuotaBytes } } as AppConfig);

  it('admits up to the setting at once, and one more when one is released (once)', () => {
    const g = gate(2);
    const a = g.tryEnter()!;
    const b = g.tryEnter();
    expect(b).not.toBeNull();
    expect(g.tryEnter()).toBeNull();
    a();
    a();
    expect(g.uploadsInFlight).toBe(1);
    expect(g.tryEnter()).not.toBeNull();
    expect(g.tryEnter()).toBeNull();
  });

  it('counts bytes per client per UTC day', () => {
    const g = gate(2, 10 * MiB);
    const day = Date.UTC(2026, 11, 6, 10);
    expect(g.charge('client-a', 6 * MiB, day)).toBe(true);
    expect(g.remaining('client-a', day)).toBe(4 * MiB);
    expect(g.remaining('client-b', day)).toBe(10 * MiB);
    expect(g.charge('client-a', 4 * MiB, day)).toBe(true);
    expect(g.charge('client-a', 1, day)).toBe(false);
    expect(g.remaining('client-a', day)).toBe(0);
    expect(g.secondsUntilNewDay(day)).toBe(14 * 3600);
    const nextDay = Date.UTC(2026, 11, 7, 0, 0, 1);
    expect(g.remaining('client-a', nextDay)).toBe(10 * MiB);
  });
});
