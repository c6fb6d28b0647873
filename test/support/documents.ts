import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import PDFKit from 'pdfkit';
import { PDFDocument, PDFName } from 'pdf-lib';

/**
 * Real documents, made with the libraries, that name their author in their metadata: for the
 * metadata-removal tests of the inspector and of the whole app.
 */
export const AUTHOR = 'Budi Santoso Lamaindi';
export const COMPANY = 'Dinas Kependudukan Kendari';

/** The author in every way a file may spell it: plain, UTF-16 (PDF text strings) and hex. */
export function mentionsAuthor(data: Buffer): boolean {
  const utf16be = Buffer.from(AUTHOR, 'utf16le').swap16();
  return data.includes(AUTHOR) || data.includes(Buffer.from(AUTHOR, 'utf16le')) || data.includes(utf16be) || data.toString('latin1').toUpperCase().includes(utf16be.toString('hex').toUpperCase());
}

/** Every entry of a zip, inflated, so compressed parts are searched too. */
export async function zipMentionsAuthor(data: Buffer): Promise<boolean> {
  const zip = await JSZip.loadAsync(data);
  for (const entry of Object.values(zip.files)) {
    if (!entry.dir && mentionsAuthor(await entry.async('nodebuffer'))) return true;
  }
  return false;
}

export function pdfkitDocument(opts: Partial<PDFKit.PDFDocumentOptions> = {}): Promise<Buffer> {
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
export async function pdfWithXmp(): Promise<Buffer> {
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

/** An Office Open XML package with one main part and the three property parts, naming the author. */
async function ooxml(main: { path: string; contentType: string; xml: string }): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/${main.path}" ContentType="${main.contentType}"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>`,
  );
  zip.file(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${main.path}"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>`,
  );
  zip.file(main.path, main.xml);
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

export function docx(): Promise<Buffer> {
  return ooxml({
    path: 'word/document.xml',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
    xml: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Bukti setoran di loket 3.</w:t></w:r></w:p></w:body></w:document>',
  });
}

export function pptx(): Promise<Buffer> {
  return ooxml({
    path: 'ppt/presentation.xml',
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
    xml: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>',
  });
}

export async function odt(): Promise<Buffer> {
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

export async function xlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = AUTHOR;
  workbook.lastModifiedBy = AUTHOR;
  workbook.company = COMPANY;
  workbook.addWorksheet('Setoran').addRow(['Loket 3', 50000]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
