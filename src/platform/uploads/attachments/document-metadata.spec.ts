import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { PDFDocument, PDFName } from 'pdf-lib';
import { AUTHOR, COMPANY, docx, mentionsAuthor, odt, pdfWithXmp, pdfkitDocument, pptx, xlsx, zipMentionsAuthor } from '../../../../test/support/documents';
import { AttachmentInspector, bufferSource, readAll } from './index';
import { deflateSync } from 'node:zlib';
import { cleanOfficeDocument, cleanPdf } from './document-metadata';
import { MAX_OBJECT_STREAM_BYTES } from './pdf-metadata';
import { temporarySpool } from '../../../../test/support/spool';

describe('document metadata removal', () => {
  const inspector = new AttachmentInspector(temporarySpool());
  const inspect = async (filename: string, data: Buffer, stripMetadata = true) => {
    const result = await inspector.inspect({ filename, source: bufferSource(data) }, { stripMetadata });
    const stored = await readAll(result.source);
    await result.source.dispose?.();
    return { ...result, data: stored };
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

    it('keeps a PDF of 300,000 tiny objects as sent, its heap blown in the worker and not in the server', async () => {
      const parts = ['%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n'];
      for (let i = 3; i < 300_000; i++) parts.push(`${i} 0 obj [${i} ${i} ${i}] endobj\n`);
      parts.push('trailer << /Root 1 0 R >>\n%%EOF\n');
      const heavy = Buffer.from(parts.join(''));
      expect(heavy.length).toBeLessThan(16 * 1024 * 1024);
      expect(await cleanPdf(heavy)).toEqual({ notCleaned: 'too_complex' });
    });

    it('keeps a PDF whose object stream inflates past the bound as sent, before pdf-lib inflates it', async () => {
      const bomb = deflateSync(Buffer.alloc(MAX_OBJECT_STREAM_BYTES + 1024 * 1024));
      const pdf = Buffer.concat([
        Buffer.from(`%PDF-1.5\n1 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n`, 'latin1'),
        bomb,
        Buffer.from('\nendstream\nendobj\ntrailer << /Root 2 0 R >>\n%%EOF\n', 'latin1'),
      ]);
      expect(await cleanPdf(pdf)).toEqual({ notCleaned: 'too_complex' });
    });

    it('leaves a PDF alone when the reporter keeps metadata', async () => {
      const original = await pdfkitDocument();
      const result = await inspect('laporan.pdf', original, false);
      expect(result).toMatchObject({ metadataRemoved: false, mayCarryMetadata: true, notCleaned: null });
      expect(result.data.equals(original)).toBe(true);
    });
  });

  describe('Office and OpenDocument', () => {
    /** Inspects a file whose properties name the author, checks that they no longer do, and returns the result. */
    const cleaned = async (filename: string, original: Buffer, expected: Record<string, unknown> = {}) => {
      expect(await zipMentionsAuthor(original)).toBe(true);
      const result = await inspect(filename, original);
      expect(result).toMatchObject({ ...expected, metadataRemoved: true, notCleaned: null });
      expect(await zipMentionsAuthor(result.data)).toBe(false);
      return result;
    };

    it('empties core, app and custom properties of a DOCX and keeps its text', async () => {
      const result = await cleaned('surat.docx', await docx(), { mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
      const zip = await JSZip.loadAsync(result.data);
      expect(await zip.file('docProps/app.xml')!.async('string')).not.toContain(COMPANY);
      expect(await zip.file('word/document.xml')!.async('string')).toContain('Bukti setoran di loket 3.');
      // Still a Word document by its content, as the inspector decides.
      expect((await inspect('surat.docx', result.data)).mimeType).toBe(result.mimeType);
    });

    it('empties the properties of a PPTX', async () => {
      await cleaned('paparan.pptx', await pptx(), { mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' });
    });

    it('empties the properties of an XLSX written by exceljs, which still opens with its cells', async () => {
      const result = await cleaned('anggaran.xlsx', await xlsx());
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(result.data as unknown as ExcelJS.Buffer);
      expect(workbook.getWorksheet('Setoran')!.getRow(1).values).toEqual([undefined, 'Loket 3', 50000]);
      expect(workbook.creator ?? '').not.toContain('Budi');
    });

    it('empties meta.xml of an ODT and keeps mimetype first and uncompressed', async () => {
      const result = await cleaned('surat.odt', await odt(), { mimeType: 'application/vnd.oasis.opendocument.text' });
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
