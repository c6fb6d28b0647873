/**
 * Removes who-made-it metadata from documents: the author, creator, producer and XMP of a PDF,
 * and the document properties of Office Open XML (DOCX, XLSX, PPTX) and OpenDocument (ODT, ODS,
 * ODP) files. The document's own content is left alone (comments and tracked changes keep their
 * authors: removing them would change what the reporter sends; the form tells them so).
 *
 * Both tools need the whole file in memory: callers bound that by the per-file limit and a
 * cleaning slot. pdf-lib and jszip are loaded on first use, like sharp.
 */

/** Why a document was kept as sent; an i18n key suffix under `upload.not_cleaned.`. */
export type NotCleanedReason = 'encrypted' | 'unreadable' | 'too_large';

export type CleanedDocument = { data: Buffer } | { notCleaned: NotCleanedReason };

export type OfficeFormat = 'ooxml' | 'odf';

export async function cleanPdf(data: Buffer): Promise<CleanedDocument> {
  const pdf = await import('pdf-lib');
  let doc: import('pdf-lib').PDFDocument;
  try {
    // updateMetadata: false, or pdf-lib would write its own producer and dates into the Info
    // dictionary. Encryption is detected after loading: pdf-lib's EncryptedPDFError is compiled
    // to ES5 and fails instanceof.
    doc = await pdf.PDFDocument.load(data, { updateMetadata: false, throwOnInvalidObject: true, ignoreEncryption: true });
  } catch {
    return { notCleaned: 'unreadable' };
  }
  // Its strings are ciphertext that pdf-lib cannot decrypt or rewrite.
  if (doc.isEncrypted) return { notCleaned: 'encrypted' };
  try {
    const { context } = doc;
    const info = context.trailerInfo.Info ? context.lookup(context.trailerInfo.Info) : undefined;
    if (info instanceof pdf.PDFDict) for (const key of info.keys()) info.delete(key);
    // XMP packets hang off the catalog, and sometimes off pages, images or fonts.
    const metadata = pdf.PDFName.of('Metadata');
    for (const [, object] of context.enumerateIndirectObjects()) {
      const dict = object instanceof pdf.PDFDict ? object : object instanceof pdf.PDFStream ? object.dict : undefined;
      if (dict?.has(metadata)) dict.delete(metadata);
    }
    dropUnreachable(pdf, doc);
    // Without object streams every object is written as plain text, readable by old PDF readers too.
    return { data: Buffer.from(await doc.save({ updateFieldAppearances: false, useObjectStreams: false })) };
  } catch {
    return { notCleaned: 'unreadable' };
  }
}

/**
 * pdf-lib writes every object it parsed, referenced or not. Objects no longer reachable from the
 * trailer (the XMP streams just unlinked, and the Info dictionaries of earlier revisions of an
 * incrementally saved file, which often still name the author) are dropped so they are not copied.
 */
function dropUnreachable(pdf: typeof import('pdf-lib'), doc: import('pdf-lib').PDFDocument): void {
  const { context } = doc;
  const seen = new Set<string>();
  const pending: unknown[] = [context.trailerInfo.Root, context.trailerInfo.Info];
  while (pending.length) {
    const object = pending.pop();
    if (object instanceof pdf.PDFRef) {
      if (seen.has(object.tag)) continue;
      seen.add(object.tag);
      pending.push(context.lookup(object));
    } else if (object instanceof pdf.PDFDict) {
      pending.push(...object.values());
    } else if (object instanceof pdf.PDFArray) {
      pending.push(...object.asArray());
    } else if (object instanceof pdf.PDFStream) {
      pending.push(object.dict);
    }
  }
  for (const [ref] of context.enumerateIndirectObjects()) if (!seen.has(ref.tag)) context.delete(ref);
}

const OOXML_EMPTY: Readonly<Record<string, string>> = {
  'docProps/core.xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>',
  'docProps/app.xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>',
  'docProps/custom.xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>',
};

const ODF_EMPTY: Readonly<Record<string, string>> = {
  'meta.xml':
    '<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"><office:meta/></office:document-meta>',
};

/**
 * Replaces the property parts with empty ones of the same kind, so every reference to them in
 * [Content_Types].xml, the relationships or the ODF manifest stays valid. An ODF package keeps
 * its `mimetype` entry first and uncompressed, as the format requires.
 */
export async function cleanOfficeDocument(data: Buffer, format: OfficeFormat): Promise<CleanedDocument> {
  const { default: JSZip } = await import('jszip');
  let zip: import('jszip');
  try {
    zip = await JSZip.loadAsync(data, { checkCRC32: true });
  } catch {
    return { notCleaned: 'unreadable' };
  }
  const replacements = format === 'ooxml' ? OOXML_EMPTY : ODF_EMPTY;
  try {
    for (const [name, xml] of Object.entries(replacements)) {
      if (zip.file(name)) zip.file(name, xml);
    }
    // jszip keeps the entries' order, so `mimetype` stays first; it must also stay uncompressed.
    const mimetype = format === 'odf' ? zip.file('mimetype') : null;
    if (mimetype) zip.file('mimetype', await mimetype.async('nodebuffer'), { compression: 'STORE' });
    // Archive and entry comments can carry anything; jszip would copy the loaded ones.
    (zip as { comment?: string | null }).comment = null;
    for (const entry of Object.values(zip.files)) (entry as { comment?: string | null }).comment = null;
    return { data: await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } }) };
  } catch {
    return { notCleaned: 'unreadable' };
  }
}
