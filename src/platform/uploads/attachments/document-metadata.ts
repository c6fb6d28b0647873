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
export type NotCleanedReason = 'encrypted' | 'unreadable' | 'too_large' | 'too_complex';

export type CleanedDocument = { data: Buffer } | { notCleaned: NotCleanedReason };

export type OfficeFormat = 'ooxml' | 'odf';

export { cleanPdf } from './pdf-metadata';

/** An ODF mimetype entry is a short media type; anything bigger is not one. */
const MAX_MIMETYPE_BYTES = 256;

/** The uncompressed size the zip's central directory declares (jszip keeps it on a private field). */
function declaredSize(entry: import('jszip').JSZipObject): number {
  const size = (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize;
  return typeof size === 'number' ? size : Number.POSITIVE_INFINITY;
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
    // No CRC check: it would inflate every entry, and a zip bomb inflates to gigabytes. Entries
    // left alone are copied still compressed; only `mimetype` is read, and only when small.
    zip = await JSZip.loadAsync(data, { checkCRC32: false });
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
    if (mimetype) {
      if (declaredSize(mimetype) > MAX_MIMETYPE_BYTES) return { notCleaned: 'unreadable' };
      zip.file('mimetype', await mimetype.async('nodebuffer'), { compression: 'STORE' });
    }
    // Archive and entry comments can carry anything; jszip would copy the loaded ones.
    (zip as { comment?: string | null }).comment = null;
    for (const entry of Object.values(zip.files)) (entry as { comment?: string | null }).comment = null;
    return { data: await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } }) };
  } catch {
    return { notCleaned: 'unreadable' };
  }
}
