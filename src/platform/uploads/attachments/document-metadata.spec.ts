import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import PDFKit from 'pdfkit';
import { PDFDocument, PDFName } from 'pdf-lib';
import { AttachmentInspector, bufferSource, readAll } from './index';
import { cleanOfficeDocument, cleanPdf } from './document-metadata';

/** Real documents, made here with the libraries, that name their author. */
const AUTHOR = 'Budi Santoso Lamaindi';
const COMPANY = 'Dinas Kependudukan Kendari';

/** The author in every way a file may spell it: plain, UTF-16 (PDF text strings) and hex. */
function mentionsAuthor(data: Buffer): boolean {
  const utf16be = Buffer.from(AUTHOR, 'utf16le').swap16();
  return (
    data.includes(AUTHOR) ||
    data.includes(Buffer.from(AUTHOR, 'utf16le')) ||
    data.includes(utf16be) ||
    data.toString('latin1').toUpperCase().includes(utf16be.toString('hex').toUpperCase())
  );
}

/** Every entry of a zip, inflated, so compressed parts are searched too. */
async function zipMentionsAuthor(data: Buffer): Promise<boolean> {
  const zip = await JSZip.loadAsync(data);
  for (const entry of Object.values(zip.files)) {
    if (!entry.dir && mentionsAuthor(await entry.async('nodebuffer'))) return true;
  }
  return false;
}

function pdfkitDocument(opts: Partial<PDFKit.PDFDocumentOptions> = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFKit({ compress: false, info: { Author: AUTHOR, Creator: AUTHOR, Producer: `Printer of ${AUTHOR}`, Title: 'Laporan pungutan' }, ...opts });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.text('Bukti setoran di loket 3.');
    doc.end();
  });
}

/** A pdf-lib document with an XMP packet naming the author on its catalog and on its page. */
async function pdfWithXmp(): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([200, 200]);
  page.drawText('Bukti', { x: 20, y: 100 });
  doc.setAuthor(AUTHOR);
  const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${AUTHOR}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>`;
  const metadata = () => doc.context.register(doc.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' }));
  doc.catalog.set(PDFName.of('Metadata'), metadata());
  page.node.set(PDFName.of('Metadata'), metadata());
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

async function docx(): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>',
  );
  zip.file(
    'word/document.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Bukti setoran di loket 3.</w:t></w:r></w:p></w:body></w:document>',
  );
  zip.file(
    'docProps/core.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${AUTHOR}</dc:creator><cp:lastModifiedBy>${AUTHOR}</cp:lastModifiedBy></cp:coreProperties>`,
  );
  zip.file(
    'docProps/app.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>${COMPANY}</Company><Manager>${AUTHOR}</Manager></Properties>`,
  );
  zip.file(
    'docProps/custom.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Pemilik"><vt:lpwstr>${AUTHOR}</vt:lpwstr></property></Properties>`,
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function odt(): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('mimetype', 'application/vnd.oasis.opendocument.text', { compression: 'STORE' });
  zip.file(
    'content.xml',
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:text><text:p>Bukti setoran di loket 3.</text:p></office:text></office:body></office:document-content>',
  );
  zip.file(
    'meta.xml',
    `<?xml version="1.0" encoding="UTF-8"?><office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"><office:meta><meta:initial-creator>${AUTHOR}</meta:initial-creator><dc:creator>${AUTHOR}</dc:creator></office:meta></office:document-meta>`,
  );
  zip.file(
    'META-INF/manifest.xml',
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/></manifest:manifest>',
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function xlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = AUTHOR;
  workbook.lastModifiedBy = AUTHOR;
  workbook.company = COMPANY;
  workbook.addWorksheet('Setoran').addRow(['Loket 3', 50000]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('document metadata removal', () => {
  const inspector = new AttachmentInspector();
  const inspect = async (filename: string, data: Buffer, stripMetadata = true) => {
    const result = await inspector.inspect({ filename, source: bufferSource(data) }, { stripMetadata });
    return { ...result, data: await readAll(result.source) };
  };

  describe('PDF', () => {
    it('empties the Info dictionary of a pdfkit document and keeps its pages', async () => {
      const original = await pdfkitDocument();
      expect(mentionsAuthor(original)).toBe(true);
      const result = await inspect('laporan.pdf', original);
      expect(result).toMatchObject({ mimeType: 'application/pdf', metadataRemoved: true, mayCarryMetadata: false, notCleaned: null });
      expect(mentionsAuthor(result.data)).toBe(false);
      const reread = await PDFDocument.load(result.data, { updateMetadata: false });
      expect(reread.getPageCount()).toBe(1);
      expect(reread.getAuthor()).toBeUndefined();
      expect(reread.getCreator()).toBeUndefined();
      expect(reread.getProducer()).toBeUndefined();
    });

    it('removes the XMP packets of the catalog and the pages, and does not copy them unreferenced', async () => {
      const original = await pdfWithXmp();
      expect(original.includes(`<dc:creator>${AUTHOR}`)).toBe(true);
      const cleaned = await cleanPdf(original);
      if (!('data' in cleaned)) throw new Error(`not cleaned: ${cleaned.notCleaned}`);
      expect(mentionsAuthor(cleaned.data)).toBe(false);
      expect(cleaned.data.includes('xmpmeta')).toBe(false);
      const reread = await PDFDocument.load(cleaned.data, { updateMetadata: false });
      expect(reread.catalog.has(PDFName.of('Metadata'))).toBe(false);
      expect(reread.getPage(0).node.has(PDFName.of('Metadata'))).toBe(false);
      expect(reread.getPage(0).getSize()).toEqual({ width: 200, height: 200 });
    });

    it('keeps an encrypted PDF as sent and says why', async () => {
      const locked = await pdfkitDocument({ userPassword: 'rahasia', ownerPassword: 'pemilik' });
      const result = await inspect('terkunci.pdf', locked);
      expect(result).toMatchObject({ metadataRemoved: false, mayCarryMetadata: true, notCleaned: 'encrypted' });
      expect(result.data.equals(locked)).toBe(true);
    });

    it('keeps a malformed PDF as sent and says why', async () => {
      const broken = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R\n%%EOF\n', 'latin1');
      const result = await inspect('rusak.pdf', broken);
      expect(result).toMatchObject({ metadataRemoved: false, mayCarryMetadata: true, notCleaned: 'unreadable' });
      expect(result.data.equals(broken)).toBe(true);
    });

    it('leaves a PDF alone when the reporter keeps metadata', async () => {
      const original = await pdfkitDocument();
      const result = await inspect('laporan.pdf', original, false);
      expect(result).toMatchObject({ metadataRemoved: false, mayCarryMetadata: true, notCleaned: null });
      expect(result.data.equals(original)).toBe(true);
    });
  });

  describe('Office and OpenDocument', () => {
    it('empties core, app and custom properties of a DOCX and keeps its text', async () => {
      const original = await docx();
      expect(await zipMentionsAuthor(original)).toBe(true);
      const result = await inspect('surat.docx', original);
      expect(result).toMatchObject({ mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', metadataRemoved: true, notCleaned: null });
      expect(await zipMentionsAuthor(result.data)).toBe(false);
      const zip = await JSZip.loadAsync(result.data);
      expect(await zip.file('docProps/app.xml')!.async('string')).not.toContain(COMPANY);
      expect(await zip.file('word/document.xml')!.async('string')).toContain('Bukti setoran di loket 3.');
      // Still a Word document by its content, as the inspector decides.
      expect((await inspect('surat.docx', result.data)).mimeType).toBe(result.mimeType);
    });

    it('empties the properties of an XLSX written by exceljs, which still opens with its cells', async () => {
      const original = await xlsx();
      expect(await zipMentionsAuthor(original)).toBe(true);
      const result = await inspect('anggaran.xlsx', original);
      expect(result).toMatchObject({ metadataRemoved: true, notCleaned: null });
      expect(await zipMentionsAuthor(result.data)).toBe(false);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(result.data as unknown as ExcelJS.Buffer);
      expect(workbook.getWorksheet('Setoran')!.getRow(1).values).toEqual([undefined, 'Loket 3', 50000]);
      expect(workbook.creator ?? '').not.toContain('Budi');
    });

    it('empties meta.xml of an ODT and keeps mimetype first and uncompressed', async () => {
      const original = await odt();
      expect(await zipMentionsAuthor(original)).toBe(true);
      const result = await inspect('surat.odt', original);
      expect(result).toMatchObject({ mimeType: 'application/vnd.oasis.opendocument.text', metadataRemoved: true, notCleaned: null });
      expect(await zipMentionsAuthor(result.data)).toBe(false);
      // ODF readers find the type at a fixed offset: the first entry, stored, named mimetype.
      expect(result.data.toString('latin1', 30, 30 + 'mimetypeapplication/vnd.oasis.opendocument.text'.length)).toBe('mimetypeapplication/vnd.oasis.opendocument.text');
      expect(result.data.readUInt16LE(8)).toBe(0);
      const zip = await JSZip.loadAsync(result.data);
      expect(await zip.file('content.xml')!.async('string')).toContain('Bukti setoran di loket 3.');
    });

    it('keeps a damaged Office file as sent and says why', async () => {
      const original = await docx();
      // Without the end of its central directory, no zip reader can list the entries.
      expect(await cleanOfficeDocument(original.subarray(0, original.length - 30), 'ooxml')).toEqual({ notCleaned: 'unreadable' });
    });
  });
});
