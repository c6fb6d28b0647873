/**
 * The bytes of one uploaded file, wherever they are kept: in the encrypted spool while a request
 * runs, or in memory for a cleaned copy (images, documents) and in unit tests. `stream()` starts
 * from the beginning on every call, so a file can be read once to check it and again to store it.
 */
export interface UploadSource {
  readonly size: number;
  stream(): AsyncIterable<Buffer>;
  /** Frees what holds the bytes (a spool file); the source is unreadable afterwards. */
  dispose?(): Promise<void>;
}

/** Frees every source that holds something; for a service's `finally`. */
export async function disposeAll(sources: Iterable<UploadSource>): Promise<void> {
  await Promise.all([...sources].map((s) => s.dispose?.()));
}

/** Bytes already in memory, as an UploadSource. */
export function bufferSource(data: Buffer): UploadSource {
  return {
    size: data.length,
    async *stream() {
      yield data;
    },
  };
}

/**
 * The whole file in one buffer. Only for formats whose tools need it whole (sharp, pdf-lib,
 * jszip): callers bound it by the per-file limit and by the cleaning slots.
 */
export async function readAll(source: UploadSource): Promise<Buffer> {
  const out = Buffer.allocUnsafe(source.size);
  let at = 0;
  for await (const chunk of source.stream()) {
    if (at + chunk.length > out.length) throw new Error('upload source is longer than its size');
    chunk.copy(out, at);
    at += chunk.length;
  }
  if (at !== out.length) throw new Error('upload source is shorter than its size');
  return out;
}

/** At most `max` bytes from the start, for content sniffing. */
export async function readHead(source: UploadSource, max: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let have = 0;
  for await (const chunk of source.stream()) {
    parts.push(chunk.subarray(0, max - have));
    have += parts[parts.length - 1].length;
    if (have >= max) break;
  }
  return Buffer.concat(parts, have);
}
