import { Worker } from 'node:worker_threads';
import type { CleanedDocument, NotCleanedReason } from './document-metadata';

/**
 * A PDF is cleaned in a worker thread with a heap of its own: pdf-lib builds a JavaScript object
 * for every PDF object and number, so an 8 MB file of 300,000 tiny objects (or one huge array)
 * fills a 256 MiB heap, and in the server's own thread that would end the process and every
 * request in it. In the worker it ends only the worker: the file is kept as sent ("too complex").
 */
export const PDF_WORKER_HEAP_MB = 96;
/** A document that takes longer than this to clean is kept as sent. */
export const PDF_CLEANING_TIMEOUT_MS = 30_000;
/**
 * pdf-lib inflates object and cross-reference streams while it parses, into buffers outside any
 * heap limit; the worker first inflates them with zlib under this bound, so a flate bomb is
 * stopped before pdf-lib meets it.
 */
export const MAX_OBJECT_STREAM_BYTES = 64 * 1024 * 1024;

// Plain JavaScript, run by `new Worker(..., { eval: true })`: the same code then runs from the
// compiled app and under the test runner, which cannot start a worker from a TypeScript file.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const zlib = require('node:zlib');
const pdf = require(workerData.pdfLib);

parentPort.once('message', async (bytes) => {
  // Held in an object so that clean() can let go of the input once pdf-lib has parsed it.
  const input = { data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  bytes = null;
  let result;
  try {
    result = await clean(input);
  } catch {
    result = { notCleaned: 'unreadable' };
  }
  parentPort.postMessage(result, result.data ? [result.data.buffer] : []);
});

async function clean(input) {
  if (objectStreamsTooLarge(input.data)) return { notCleaned: 'too_complex' };
  let doc;
  try {
    const data = input.data;
    input.data = null;
    // updateMetadata: false, or pdf-lib would write its own producer and dates into the Info
    // dictionary. Encryption is checked after loading: pdf-lib's EncryptedPDFError is compiled
    // to ES5 and fails instanceof.
    doc = await pdf.PDFDocument.load(data, { updateMetadata: false, throwOnInvalidObject: true, ignoreEncryption: true });
  } catch {
    return { notCleaned: 'unreadable' };
  }
  // Its strings are ciphertext that pdf-lib can neither read nor rewrite.
  if (doc.isEncrypted) return { notCleaned: 'encrypted' };
  const context = doc.context;
  const info = context.trailerInfo.Info ? context.lookup(context.trailerInfo.Info) : undefined;
  if (info instanceof pdf.PDFDict) for (const key of info.keys()) info.delete(key);
  // XMP packets hang off the catalog, and sometimes off pages, images or fonts.
  const metadata = pdf.PDFName.of('Metadata');
  for (const [, object] of context.enumerateIndirectObjects()) {
    const dict = object instanceof pdf.PDFDict ? object : object instanceof pdf.PDFStream ? object.dict : undefined;
    if (dict && dict.has(metadata)) dict.delete(metadata);
  }
  dropUnreachable(context);
  // Without object streams every object is written out plainly, readable by old readers too.
  const out = await doc.save({ updateFieldAppearances: false, useObjectStreams: false });
  return { data: out };
}

// pdf-lib writes every object it parsed, referenced or not. Objects no longer reachable from the
// trailer (the XMP streams just unlinked, and the Info dictionaries of earlier revisions of an
// incrementally saved file, which often still name the author) are dropped, not copied.
function dropUnreachable(context) {
  const seen = new Set();
  const pending = [context.trailerInfo.Root, context.trailerInfo.Info];
  while (pending.length) {
    const object = pending.pop();
    if (object instanceof pdf.PDFRef) {
      if (seen.has(object.tag)) continue;
      seen.add(object.tag);
      pending.push(context.lookup(object));
    } else if (object instanceof pdf.PDFDict) {
      for (const value of object.values()) pending.push(value);
    } else if (object instanceof pdf.PDFArray) {
      for (const value of object.asArray()) pending.push(value);
    } else if (object instanceof pdf.PDFStream) {
      pending.push(object.dict);
    }
  }
  for (const [ref] of context.enumerateIndirectObjects()) if (!seen.has(ref.tag)) context.delete(ref);
}

// The streams pdf-lib inflates while parsing (object and cross-reference streams), inflated
// here first with a bound on the total. Streams that are not plain flate data are left to pdf-lib.
function objectStreamsTooLarge(data) {
  let total = 0;
  // Searched in the bytes, not in a string copy of a file that may be 32 MiB.
  for (const type of ['/ObjStm', '/XRef']) {
    for (let at = data.indexOf(type); at >= 0; at = data.indexOf(type, at + type.length)) {
      const keyword = data.indexOf('stream', at);
      if (keyword < 0) break;
      let from = keyword + 6;
      if (data[from] === 0x0d) from++;
      if (data[from] === 0x0a) from++;
      const end = data.indexOf('endstream', from);
      if (end < 0) break;
      try {
        total += zlib.inflateSync(data.subarray(from, end), { maxOutputLength: workerData.maxObjectStreamBytes - total + 1 }).length;
      } catch (e) {
        if (e && e.code === 'ERR_BUFFER_TOO_LARGE') return true;
      }
      if (total > workerData.maxObjectStreamBytes) return true;
    }
  }
  return false;
}
`;

/**
 * Cleans `data` in a worker. The buffer is handed over (transferred) when it owns its memory
 * alone, so the caller must not use it afterwards: keep the original elsewhere (the spool).
 */
export function cleanPdf(data: Buffer): Promise<CleanedDocument> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { pdfLib: require.resolve('pdf-lib'), maxObjectStreamBytes: MAX_OBJECT_STREAM_BYTES },
      resourceLimits: { maxOldGenerationSizeMb: PDF_WORKER_HEAP_MB, maxYoungGenerationSizeMb: 16 },
      // Its errors are answered below; nothing of a reporter's file may reach the log.
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const finish = (result: CleanedDocument) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ notCleaned: 'too_complex' }), PDF_CLEANING_TIMEOUT_MS);
    worker.once('message', (m: { data?: Uint8Array; notCleaned?: NotCleanedReason }) =>
      finish(m.data ? { data: Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength) } : { notCleaned: m.notCleaned ?? 'unreadable' }),
    );
    // ERR_WORKER_OUT_OF_MEMORY when the heap limit is reached.
    worker.once('error', (e: NodeJS.ErrnoException) => finish({ notCleaned: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'too_complex' : 'unreadable' }));
    worker.once('exit', () => finish({ notCleaned: 'unreadable' }));
    // Transferred without a copy when the buffer is its own; a slice of a shared pool is copied.
    const owned = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer;
    const bytes = owned ? new Uint8Array(data.buffer, 0, data.byteLength) : new Uint8Array(data);
    worker.postMessage(bytes, [bytes.buffer as ArrayBuffer]);
  });
}
