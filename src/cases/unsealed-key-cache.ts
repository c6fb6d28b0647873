import { Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { CryptoService } from '../platform/crypto';
import type { StaffRef } from '../staff';

/** At most this many keys in the process (oldest go first): about 200 bytes each. */
const MAX_ENTRIES = 20_000;
/** An entry is used for at most this long after it was made, however often it is read. */
const MAX_AGE_MS = 15 * 60_000;
const PURPOSE = 'wbs:unsealed-key-cache:v1';

interface Entry {
  /** The content key, encrypted under the session's cache key. */
  box: Buffer;
  /** When it was made, on the process's monotonic clock (an age, not a time of day). */
  madeAt: number;
}

/**
 * The case keys a session has already unsealed, so a list page that shows the same cases again
 * (the inbox, reloaded all day) opens each with a symmetric decryption instead of an X25519
 * operation: bench/inbox measured 25 unseals as a third of the page's server CPU.
 *
 * Nothing here opens without the request's token (docs/decisions.md, "unsealed keys per session"):
 * - an entry is encrypted under a key derived from the session key, which reaches the server only
 *   inside the token of a request and is stored nowhere, so a memory dump between requests
 *   reads no key; the map's names are keyed digests under the same key, so they do not even say
 *   which sealed box they belong to;
 * - an entry is found only through the exact sealed box the database holds for this member now
 *   (the caller passes the row it just read), so a key withdrawn from the member (row deleted),
 *   sealed again, or shredded with its case is never served from here;
 * - entries live at most MAX_AGE_MS and the process holds at most MAX_ENTRIES.
 */
@Injectable()
export class UnsealedKeyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly crypto: CryptoService) {}

  /** The session's handle on the cache for one request; wipe() it when the request is done with it. */
  forSession(me: StaffRef): SessionKeys {
    return new SessionKeys(this.crypto, this.entries, this.crypto.deriveKey(me.sessionKey, PURPOSE), me.sessionId);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** One request's view of the cache: its session's entries, opened with its session's key. */
export class SessionKeys {
  constructor(
    private readonly crypto: CryptoService,
    private readonly entries: Map<string, Entry>,
    private readonly cacheKey: Buffer,
    private readonly sessionId: string,
  ) {}

  /** The content key this sealed box holds, if this session unsealed it lately; a new buffer the caller wipes. */
  get(sealed: Buffer): Buffer | null {
    const name = this.nameOf(sealed);
    const entry = this.entries.get(name);
    if (!entry) return null;
    if (performance.now() - entry.madeAt > MAX_AGE_MS) {
      this.entries.delete(name);
      return null;
    }
    try {
      return this.crypto.decrypt(this.cacheKey, entry.box, this.adOf(name));
    } catch {
      // Not this session's (a name collision is as unlikely as a forged MAC): unseal afresh.
      return null;
    }
  }

  put(sealed: Buffer, contentKey: Buffer): void {
    const name = this.nameOf(sealed);
    this.entries.delete(name);
    this.entries.set(name, { box: this.crypto.encrypt(this.cacheKey, contentKey, this.adOf(name)), madeAt: performance.now() });
    // A Map keeps insertion order: the first entries are the oldest.
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= MAX_ENTRIES) break;
      this.entries.delete(oldest);
    }
  }

  wipe(): void {
    this.crypto.wipe(this.cacheKey);
  }

  private nameOf(sealed: Buffer): string {
    return this.crypto.keyedDigest(this.cacheKey, sealed).toString('base64');
  }

  private adOf(name: string): string {
    return `unsealed-key:${this.sessionId}:${name}`;
  }
}
