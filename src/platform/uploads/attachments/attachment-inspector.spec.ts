import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { hasKey, t } from '../../i18n/i18n';
import { temporarySpool } from '../../../../test/support/spool';
import { DomainError } from '../../http/domain-error';
import {
  ATTACHMENTS_DICTIONARY,
  AttachmentInspector,
  DEFAULT_ATTACHMENT_LIMITS,
  FileEmpty,
  FileTooLarge,
  FileTypeMismatch,
  FileTypeNotAllowed,
  HeicCannotBeCleaned,
  ImageTooManyPixels,
  ImageUnreadable,
  InspectedFile,
  MAX_IMAGE_PIXELS,
  MiB,
  TooManyFiles,
  UploadTooLarge,
  assertFileSize,
  bufferSource,
  checkLimits,
  readAll,
  sanitizeFilename,
} from './index';

// ---------- fixtures, built in memory ----------

const GPS = { GPSLatitudeRef: 'S', GPSLatitude: '3/1 58/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '122/1 31/1 0/1' };
const CAMERA = { Make: 'Samsung', Model: 'Galaxy A54' };
const XMP = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>';

function canvas(width = 40, height = 20) {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } });
}

/** 40×20 pixels stored sideways: EXIF orientation 6 says "rotate 90° to view", so it shows 20×40. */
function phoneJpeg(): Promise<Buffer> {
  return canvas().jpeg().withMetadata({ orientation: 6 }).withExifMerge({ IFD0: CAMERA, IFD3: GPS }).withXmp(XMP).withIccProfile('p3').toBuffer();
}

/** Reads GPSLatitudeRef from a raw EXIF block, to prove the fixture really carries a location. */
function gpsLatitudeRef(exif: Buffer): string | undefined {
  const tiff = exif.subarray(exif.indexOf('Exif\0\0') + 6);
  const le = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (at: number) => (le ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (le ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const findEntry = (ifd: number, tag: number) => {
    for (let i = 0, n = u16(ifd); i < n; i++) if (u16(ifd + 2 + i * 12) === tag) return ifd + 2 + i * 12;
    return undefined;
  };
  const gpsPointer = findEntry(u32(4), 0x8825);
  const latRef = gpsPointer === undefined ? undefined : findEntry(u32(gpsPointer + 8), 0x0001);
  return latRef === undefined ? undefined : tiff.toString('latin1', latRef + 8, latRef + 9);
}

/** Which of `kinds` sharp still finds in an image's metadata (none, once it is cleaned). */
function carried(meta: sharp.Metadata, kinds: (keyof sharp.Metadata)[]): string[] {
  return kinds.filter((k) => meta[k] !== undefined);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * Adds a tEXt chunk, the kind of free-text note some apps put a location in, right after IHDR:
 * libvips reads only the text chunks before the image data.
 */
function withPngText(png: Buffer, keyword: string, text: string): Buffer {
  const afterHeader = 8 + 25;
  const chunk = pngChunk('tEXt', Buffer.from(`${keyword}\0${text}`, 'latin1'));
  return Buffer.concat([png.subarray(0, afterHeader), chunk, png.subarray(afterHeader)]);
}

/**
 * A valid black 1-bit PNG: a few kilobytes per 100 megapixels, so a large one is a
 * decompression bomb that would cost hundreds of megabytes once decoded.
 */
function blackPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([1, 0, 0, 0, 0], 8); // 1 bit per pixel, greyscale
  const rows = deflateSync(Buffer.alloc(height * (1 + Math.ceil(width / 8))));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', ihdr), pngChunk('IDAT', rows), pngChunk('IEND', Buffer.alloc(0))]);
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
const EXE = Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(62), Buffer.from('This program cannot be run in DOS mode.')]);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56)]);
const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>');
const OLE = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);

/** An ISO media file header with the given major brand, as phones and cameras write it. */
function isoMedia(brand: string): Buffer {
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from(`ftyp${brand}`, 'latin1'), Buffer.alloc(4), Buffer.from(`${brand}mif1`, 'latin1')]);
  return Buffer.concat([ftyp, Buffer.alloc(64)]);
}

/** An Ogg page whose first packet is an Opus header, as in a WhatsApp voice note. */
const OPUS = Buffer.concat([Buffer.from('OggS', 'latin1'), Buffer.alloc(24), Buffer.from('OpusHead', 'latin1'), Buffer.alloc(32)]);
/** An empty ID3v2.4 tag followed by an MPEG-1 Layer III frame header. */
const MP3 = Buffer.concat([Buffer.from('ID3', 'latin1'), Buffer.from([4, 0, 0, 0, 0, 0, 0, 0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(64)]);

/** A zip with stored (uncompressed) entries, enough for file-type's OOXML detection. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text, 'utf8');
    const fileName = Buffer.from(name, 'utf8');
    const common = Buffer.alloc(26);
    common.writeUInt16LE(20, 0); // version needed
    common.writeUInt16LE(0x21, 8); // date: 1980-01-01
    common.writeUInt32LE(crc32(data), 10);
    common.writeUInt32LE(data.length, 14);
    common.writeUInt32LE(data.length, 18);
    common.writeUInt16LE(fileName.length, 22);
    const local = Buffer.concat([u32le(0x04034b50), common, fileName, data]);
    const tail = Buffer.alloc(12);
    tail.writeUInt32LE(offset, 8);
    centrals.push(Buffer.concat([u32le(0x02014b50), Buffer.from([20, 0]), common, Buffer.alloc(4), tail.subarray(0, 4), tail.subarray(4), fileName]));
    locals.push(local);
    offset += local.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(18);
  end.writeUInt16LE(centrals.length, 4);
  end.writeUInt16LE(centrals.length, 6);
  end.writeUInt32LE(directory.length, 8);
  end.writeUInt32LE(offset, 12);
  return Buffer.concat([...locals, directory, u32le(0x06054b50), end]);
}

function u32le(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value);
  return b;
}

function officeFile(mainContentType: string, part: string): Buffer {
  return zip({
    '[Content_Types].xml': `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/${part}" ContentType="${mainContentType}.main+xml"/></Types>`,
    [part]: '<?xml version="1.0"?><root/>',
  });
}

const DOCX = officeFile('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'word/document.xml');
const DOCM = officeFile('application/vnd.ms-word.document.macroEnabled', 'word/document.xml');
const XLSX = officeFile('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xl/workbook.xml');
const ZIP = zip({ 'catatan.txt': 'Rapat tanggal 3 Maret.' });

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

function refusalOf(fn: () => void): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

// ---------- tests ----------

describe(AttachmentInspector.name, () => {
  const inspector = new AttachmentInspector(temporarySpool());
  const strip = { stripMetadata: true };
  const keep = { stripMetadata: false };
  /** The inspected file with its stored bytes read back, as the attachment store would read them. */
  const inspect = async (filename: string, data: Buffer, opts = strip): Promise<InspectedFile & { data: Buffer }> => {
    const result = await inspector.inspect({ filename, source: bufferSource(data) }, opts);
    const stored = await readAll(result.source);
    await result.source.dispose?.();
    return { ...result, data: stored };
  };

  describe('photos', () => {
    it('the JPEG fixture carries GPS, camera, XMP, ICC and an orientation before inspection', async () => {
      const meta = await sharp(await phoneJpeg()).metadata();
      expect(gpsLatitudeRef(meta.exif!)).toBe('S');
      expect(meta.exif!.includes('Galaxy A54')).toBe(true);
      expect(meta.xmp).toBeDefined();
      expect(meta.icc).toBeDefined();
      expect(meta.orientation).toBe(6);
    });

    it('removes EXIF (GPS, camera), XMP and ICC from a JPEG and applies its orientation', async () => {
      const original = await phoneJpeg();
      const result = await inspect('IMG_2024.JPG', original);
      const meta = await sharp(result.data).metadata();
      expect(meta.format).toBe('jpeg');
      expect(carried(meta, ['exif', 'xmp', 'icc', 'iptc', 'orientation'])).toEqual([]);
      expect([meta.width, meta.height]).toEqual([20, 40]);
      expect(result.data.includes('Galaxy')).toBe(false);
      expect(result).toMatchObject({ filename: 'IMG_2024.jpg', mimeType: 'image/jpeg', extension: 'jpg', metadataRemoved: true, mayCarryMetadata: false });
    });

    it('hashes and sizes the cleaned bytes, never returning the original', async () => {
      const original = await phoneJpeg();
      const result = await inspect('foto.jpg', original);
      expect(result.data.equals(original)).toBe(false);
      expect(result.size).toBe(result.data.length);
      expect(result.sha256).toBe(sha256(result.data));
    });

    it('keeps the bytes untouched when the reporter unticks "remove metadata"', async () => {
      const original = await phoneJpeg();
      const result = await inspect('foto.jpeg', original, keep);
      expect(result.data.equals(original)).toBe(true);
      expect(result.sha256).toBe(sha256(original));
      expect(result).toMatchObject({ filename: 'foto.jpeg', mimeType: 'image/jpeg', metadataRemoved: false, mayCarryMetadata: true });
      expect(gpsLatitudeRef((await sharp(result.data).metadata()).exif!)).toBe('S');
    });

    it('removes EXIF, XMP and text chunks from a PNG', async () => {
      const png = withPngText(await canvas().png().withExifMerge({ IFD0: CAMERA, IFD3: GPS }).withXmp(XMP).toBuffer(), 'Comment', 'Lokasi: -3.97, 122.51');
      const before = await sharp(png).metadata();
      expect(before.exif).toBeDefined();
      expect(before.xmp).toBeDefined();
      expect(before.comments).toEqual([{ keyword: 'Comment', text: 'Lokasi: -3.97, 122.51' }]);

      const result = await inspect('layar.png', png);
      const after = await sharp(result.data).metadata();
      expect(after.format).toBe('png');
      expect(carried(after, ['exif', 'xmp', 'comments'])).toEqual([]);
      expect(result.data.includes('Lokasi')).toBe(false);
      expect(result).toMatchObject({ mimeType: 'image/png', metadataRemoved: true, mayCarryMetadata: false });
    });

    it('removes EXIF and XMP from a WebP', async () => {
      const webp = await canvas().webp().withExifMerge({ IFD0: CAMERA, IFD3: GPS }).withXmp(XMP).toBuffer();
      expect(gpsLatitudeRef((await sharp(webp).metadata()).exif!)).toBe('S');

      const result = await inspect('stiker.webp', webp);
      const after = await sharp(result.data).metadata();
      expect(after.format).toBe('webp');
      expect(carried(after, ['exif', 'xmp'])).toEqual([]);
      expect(result).toMatchObject({ mimeType: 'image/webp', metadataRemoved: true });
    });

    it('keeps every frame of an animated WebP', async () => {
      const frame = (colour: string) =>
        sharp({ create: { width: 8, height: 6, channels: 3, background: colour } })
          .png()
          .toBuffer();
      const animated = await sharp([await frame('#f00'), await frame('#0f0'), await frame('#00f')], { join: { animated: true } })
        .webp()
        .toBuffer();
      const result = await inspect('animasi.webp', animated);
      expect((await sharp(result.data).metadata()).pages).toBe(3);
    });

    it('refuses a photo sharp cannot decode when cleaning, and keeps it as sent otherwise', async () => {
      const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('not really a jpeg, just noise'.repeat(4))]);
      const error = await refusal(inspect('rusak.jpg', broken));
      expect(error).toBeInstanceOf(ImageUnreadable);
      expect(error).toMatchObject({ status: 415, message: 'upload.image_unreadable', field: 'attachments', params: { name: 'rusak.jpg' } });

      const kept = await inspect('rusak.jpg', broken, keep);
      expect(kept.data.equals(broken)).toBe(true);
    });

    it('refuses a decompression bomb over MAX_IMAGE_PIXELS before decoding it', async () => {
      expect((await inspect('kecil.png', blackPng(1000, 1000))).metadataRemoved).toBe(true);
      const bomb = blackPng(12_000, Math.ceil(MAX_IMAGE_PIXELS / 12_000) + 1);
      expect(bomb.length).toBeLessThan(100_000);
      const error = await refusal(inspect('bom.png', bomb));
      expect(error).toBeInstanceOf(ImageTooManyPixels);
      expect(error.status).toBe(413);
    });

    it('refuses a 30,000 × 30,000 PNG from its header, even when the reporter keeps metadata', async () => {
      const bomb = blackPng(30_000, 30_000);
      for (const opts of [strip, keep]) {
        const error = await refusal(inspect('peta.png', bomb, opts));
        expect(error).toBeInstanceOf(ImageTooManyPixels);
        expect(error).toMatchObject({ status: 413, message: 'upload.image_too_many_pixels', field: 'attachments', params: { width: 30_000, height: 30_000, maxMegapixels: 120 } });
        expect(t('en', error.message, error.params)).toContain('30000 × 30000 pixels');
      }
    });

    it('refuses a HEIC photo when asked to clean it, advising JPG or unticking', async () => {
      const heic = isoMedia('heic');
      const error = await refusal(inspect('IMG_0001.HEIC', heic));
      expect(error).toBeInstanceOf(HeicCannotBeCleaned);
      expect(error).toMatchObject({ status: 415, message: 'upload.heic_cannot_strip', field: 'attachments' });
      expect(t('id', error.message, error.params)).toContain('JPG');
    });

    it('accepts a HEIC photo as it is when the reporter unticks "remove metadata"', async () => {
      const heic = isoMedia('heic');
      const result = await inspect('IMG_0001.HEIC', heic, keep);
      expect(result.data.equals(heic)).toBe(true);
      expect(result).toMatchObject({ filename: 'IMG_0001.heic', mimeType: 'image/heic', metadataRemoved: false, mayCarryMetadata: true });
    });
  });

  describe('documents, media and archives', () => {
    it('accepts a minimal PDF, kept as sent and flagged as possibly carrying metadata', async () => {
      const result = await inspect('laporan.pdf', PDF);
      expect(result).toMatchObject({ filename: 'laporan.pdf', mimeType: 'application/pdf', extension: 'pdf', metadataRemoved: false, mayCarryMetadata: true });
      expect(result.data.equals(PDF)).toBe(true);
      expect(result.sha256).toBe(sha256(PDF));
    });

    it.each([
      ['surat.docx', DOCX, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['anggaran.xlsx', XLSX, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['bukti.zip', ZIP, 'application/zip'],
      ['video.mp4', isoMedia('isom'), 'video/mp4'],
      ['rekaman.m4a', isoMedia('isom'), 'video/mp4'],
      ['rekaman.m4a', isoMedia('M4A '), 'audio/mp4'],
      ['IMG_0002.MOV', isoMedia('qt  '), 'video/quicktime'],
      ['suara.mp3', MP3, 'audio/mpeg'],
      ['PTT-20240301-WA0001.opus', OPUS, 'audio/ogg'],
      ['PTT-20240301-WA0001.ogg', OPUS, 'audio/ogg'],
    ])('accepts %s by its content', async (name, data, mimeType) => {
      const result = await inspect(name, data, keep);
      expect(result).toMatchObject({ mimeType, metadataRemoved: false, mayCarryMetadata: true, notCleaned: null });
    });

    it('refuses a zip named .docx, since it holds no Word document', async () => {
      const error = await refusal(inspect('surat.docx', ZIP));
      expect(error).toBeInstanceOf(FileTypeMismatch);
      expect(error.params).toMatchObject({ detected: 'ZIP' });
    });

    it('refuses macro-enabled Word files and old OLE Office files', async () => {
      expect(await refusal(inspect('surat.docx', DOCM))).toBeInstanceOf(FileTypeNotAllowed);
      expect(await refusal(inspect('surat.doc', OLE))).toBeInstanceOf(FileTypeNotAllowed);
    });
  });

  describe('content against name', () => {
    it('refuses a PDF renamed .jpg as a mismatch (415)', async () => {
      const error = await refusal(inspect('photo.jpg', PDF));
      expect(error).toBeInstanceOf(FileTypeMismatch);
      expect(error).toMatchObject({ status: 415, message: 'upload.type_mismatch', field: 'attachments', params: { name: 'photo.jpg', detected: 'PDF' } });
    });

    it.each([
      ['an executable named .pdf', 'laporan.pdf', EXE],
      ['an executable named .exe', 'setup.exe', EXE],
      ['an ELF binary named .txt', 'catatan.txt', ELF],
      ['an ELF binary without extension', 'program', ELF],
      ['HTML named .html', 'halaman.html', HTML],
      ['HTML named .txt', 'catatan.txt', HTML],
      ['HTML with leading whitespace named .txt', 'catatan.txt', Buffer.from('\n\n  <script>alert(1)</script>')],
      ['SVG named .txt', 'gambar.txt', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>')],
      ['text with a NUL byte', 'catatan.txt', Buffer.from('halo\0dunia')],
      ['invalid UTF-8', 'catatan.txt', Buffer.from([0x68, 0x61, 0xc3, 0x28, 0x6c])],
      ['UTF-16 text', 'catatan.txt', Buffer.from('\ufeffhalo', 'utf16le')],
      ['text not named .txt', 'catatan.md', Buffer.from('# Catatan')],
      ['text without extension', 'catatan', Buffer.from('Catatan')],
    ])('refuses %s (415)', async (_case, name, data) => {
      const error = await refusal(inspect(name, data));
      expect(error).toBeInstanceOf(FileTypeNotAllowed);
      expect(error).toMatchObject({ status: 415, message: 'upload.type_not_allowed', field: 'attachments' });
      expect(error.params?.allowed).toContain('PDF');
    });

    it('accepts UTF-8 text named .txt, with no metadata to warn about', async () => {
      const data = Buffer.from('Kepala dinas meminta uang Rp 5.000.000 — saksi: dua orang.\n');
      const result = await inspect('Catatan.TXT', data);
      expect(result).toMatchObject({ filename: 'Catatan.txt', mimeType: 'text/plain; charset=utf-8', extension: 'txt', mayCarryMetadata: false });
      expect(result.data.equals(data)).toBe(true);
    });

    it('accepts text whose first letters happen to look like a binary signature', async () => {
      const result = await inspect('bmkg.txt', Buffer.from('BMKG memperingatkan hujan lebat di Kendari.'));
      expect(result.mimeType).toBe('text/plain; charset=utf-8');
    });

    it('refuses an empty file (400)', async () => {
      const error = await refusal(inspect('kosong.pdf', Buffer.alloc(0)));
      expect(error).toBeInstanceOf(FileEmpty);
      expect(error).toMatchObject({ status: 400, message: 'upload.empty', field: 'attachments' });
    });

    it('appends the detected extension to a name without one', async () => {
      expect((await inspect('scan', PDF)).filename).toBe('scan.pdf');
      expect((await inspect('Surat No. 12', PDF)).filename).toBe('Surat No. 12.pdf');
      expect((await inspect('', PDF)).filename).toBe('attachment.pdf');
    });
  });

  describe('file names', () => {
    it('strips paths', async () => {
      expect((await inspect('../../etc/passwd', PDF)).filename).toBe('passwd.pdf');
      expect((await inspect('C:\\Users\\ani\\Laporan Dana.pdf', PDF)).filename).toBe('Laporan Dana.pdf');
    });

    it('removes markup characters', async () => {
      expect((await inspect('<script>.pdf', PDF)).filename).toBe('script.pdf');
      expect(sanitizeFilename('a"b<img src=x onerror=alert(1)>.pdf')).toBe('a b img src x onerror alert(1).pdf');
    });

    it('removes a right-to-left override, so a name cannot disguise its real ending', async () => {
      expect((await inspect('laporan\u202Efdp.pdf', PDF)).filename).toBe('laporanfdp.pdf');
      const error = await refusal(inspect('foto\u202Egpj.exe', PDF));
      expect(error).toBeInstanceOf(FileTypeMismatch);
      expect(error.params?.name).toBe('fotogpj.exe');
    });

    it('removes control and zero-width characters and collapses whitespace', () => {
      expect(sanitizeFilename('bukti\u0000\u0007 \t\n transfer\u200B\uFEFF  bank.pdf')).toBe('bukti transfer bank.pdf');
    });

    it('keeps Indonesian and other scripts', () => {
      expect(sanitizeFilename('Laporan Dinas (Revisi 2) – ÉÀ 日本.pdf')).toBe('Laporan Dinas (Revisi 2) ÉÀ 日本.pdf');
    });

    it('shortens long names to 120 characters, keeping the extension', async () => {
      const result = await inspect(`${'a'.repeat(300)}.pdf`, PDF);
      expect(result.filename).toHaveLength(120);
      expect(result.filename.endsWith('.pdf')).toBe(true);
      const error = await refusal(inspect(`${'b'.repeat(300)}.jpg`, PDF));
      expect(String(error.params?.name).length).toBeLessThanOrEqual(40);
    });

    it('never returns a hidden, empty or reserved name', () => {
      expect(sanitizeFilename('.pdf')).toBe('attachment.pdf');
      expect(sanitizeFilename('...')).toBe('attachment');
      expect(sanitizeFilename('..\\..\\.htaccess')).toBe('attachment.htaccess');
      expect(sanitizeFilename('CON.pdf')).toBe('CON_.pdf');
    });
  });

  describe('limits', () => {
    it('defaults to 25 MiB per file, 100 MiB in total and 10 files', () => {
      expect(DEFAULT_ATTACHMENT_LIMITS).toEqual({ maxFileBytes: 25 * MiB, maxTotalBytes: 100 * MiB, maxFiles: 10 });
    });

    it('refuses a file over the per-file limit (413), naming the limit', async () => {
      const limits = { ...DEFAULT_ATTACHMENT_LIMITS, maxFileBytes: 1 * MiB };
      const big = Buffer.concat([PDF, Buffer.alloc(MiB)]);
      const error = await refusal(inspector.inspect({ filename: 'besar.pdf', source: bufferSource(big) }, { stripMetadata: true, limits }));
      expect(error).toBeInstanceOf(FileTooLarge);
      expect(error).toMatchObject({ status: 413, message: 'upload.file_too_large', field: 'attachments', params: { name: 'besar.pdf', maxMiB: 1 } });
      expect(t('id', error.message, error.params)).toBe('Berkas besar.pdf terlalu besar. Ukuran maksimal 1 MB per berkas.');
    });

    it('applies the default per-file limit when none is given', async () => {
      const error = await refusal(inspect('video.mp4', Buffer.alloc(25 * MiB + 1)));
      expect(error).toBeInstanceOf(FileTooLarge);
      expect(error.params).toMatchObject({ maxMiB: 25 });
    });

    it('checks one file early while streaming', () => {
      expect(() => assertFileSize('a.pdf', 25 * MiB)).not.toThrow();
      expect(refusalOf(() => assertFileSize('a.pdf', 25 * MiB + 1))).toBeInstanceOf(FileTooLarge);
    });

    it('refuses more than the allowed number of files (400)', () => {
      const files = Array.from({ length: 11 }, (_, i) => ({ filename: `f${i}.pdf`, size: 1 }));
      const error = refusalOf(() => checkLimits(files));
      expect(error).toBeInstanceOf(TooManyFiles);
      expect(error).toMatchObject({ status: 400, message: 'upload.too_many_files', field: 'attachments', params: { max: 10 } });
      expect(() => checkLimits(files.slice(0, 10))).not.toThrow();
    });

    it('refuses an upload whose total is too large (413)', () => {
      const files = Array.from({ length: 5 }, (_, i) => ({ filename: `f${i}.mp4`, size: 21 * MiB }));
      const error = refusalOf(() => checkLimits(files));
      expect(error).toBeInstanceOf(UploadTooLarge);
      expect(error).toMatchObject({ status: 413, message: 'upload.total_too_large', field: 'attachments', params: { maxMiB: 100 } });
      expect(() => checkLimits(files.slice(0, 4))).not.toThrow();
    });

    it('names a too large file in the whole-upload check', () => {
      const error = refusalOf(() => checkLimits([{ filename: '../rahasia.mp4', size: 30 * MiB }]));
      expect(error).toBeInstanceOf(FileTooLarge);
      expect(error.params).toEqual({ name: 'rahasia.mp4', maxMiB: 25 });
    });
  });

  describe('messages', () => {
    it('has every key in Indonesian and English, with the same placeholders', () => {
      const keys = Object.keys(ATTACHMENTS_DICTIONARY.id);
      expect(keys.sort()).toEqual(Object.keys(ATTACHMENTS_DICTIONARY.en).sort());
      const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
      for (const key of keys) {
        expect(hasKey(key)).toBe(true);
        expect(placeholders(ATTACHMENTS_DICTIONARY.id[key])).toEqual(placeholders(ATTACHMENTS_DICTIONARY.en[key]));
      }
    });

    it('has a message for every refusal and for the form', () => {
      const keys = [
        'upload.empty',
        'upload.type_not_allowed',
        'upload.type_mismatch',
        'upload.file_too_large',
        'upload.total_too_large',
        'upload.too_many_files',
        'upload.image_unreadable',
        'upload.heic_cannot_strip',
        'upload.help',
        'upload.strip_metadata_label',
        'upload.strip_metadata_help',
        'upload.documents_may_carry_metadata',
      ];
      for (const key of keys) expect(hasKey(key)).toBe(true);
      expect(t('id', 'upload.help', { maxFileMiB: 25, maxTotalMiB: 100, maxFiles: 10 })).toContain('Maks. 25 MB per berkas, 100 MB total, 10 berkas');
    });
  });
});
