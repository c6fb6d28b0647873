import { t, type Lang } from '../../platform/i18n/i18n';
import '../../platform/views/site.i18n';
import type { ReportContent, ReporterIdentity } from '../case.types';
import '../cases.i18n';
import '../workflow.i18n';
import '../identity.i18n';
import { formatRupiah } from '../../platform/i18n/rupiah';
import { answerLines } from '../../catalog';
import { CasePdfAssignmentStep, CasePdfIdentityRequest, PdfWriter, writeAssignments, writeIdentityRequests } from './case-pdf-lists';

/** One file handed over with the document, identified by the SHA-256 of its stored plaintext. */
export interface CasePdfEvidence {
  /** Shown as `[n]`; messages refer to their files by it. */
  ref: number;
  filename: string;
  mimeType: string;
  size: number;
  sha256: string;
  source: 'report' | 'reporter' | 'inspectorate';
  at: Date;
  metadataRemoved: boolean;
}

export type CasePdfReporter = { kind: 'anonymous' } | { kind: 'withheld' } | { kind: 'disclosed'; identity: ReporterIdentity };

/** Everything the document shows, already decrypted and chosen; the layout decides nothing else. */
export interface CasePdfData {
  lang: Lang;
  /** The inspectorate's time zone (TZ_NAME): every time in the document is local to it. */
  timeZone: string;
  /** The inspectorate's name as its admin set it (BrandingService), in the document's language. */
  organisation: string;
  exportedAt: Date;
  exportedBy: { name: string; email: string };
  number: string;
  categoryName: string;
  opdName: string | null;
  channel: string;
  status: string;
  outcome: string | null;
  track: string | null;
  closingSummary: string | null;
  submittedAt: Date;
  closedAt: Date | null;
  report: ReportContent;
  reporter: CasePdfReporter;
  evidence: CasePdfEvidence[];
  messages: { from: 'reporter' | 'inspectorate'; at: Date; body: string; evidenceRefs: number[] }[];
  notes: { authorName: string; at: Date; body: string }[];
  history: { from: string | null; to: string; outcome: string | null; by: string | null; reason: string | null; at: Date }[];
  /** Who worked the case (case-pdf-lists.ts). */
  assignments: CasePdfAssignmentStep[];
  identityRequests: CasePdfIdentityRequest[];
}

export interface RenderedPdf {
  pdf: Buffer;
  pages: number;
}

const MARGIN = { top: 56, left: 56, right: 56, bottom: 80 };
const BODY = 10;
const SMALL = 8;

/**
 * The case file for a referral to law enforcement (APH) or another body, as a PDF (issue 5).
 *
 * Fonts: the PDF standard fonts (Helvetica, Courier for hashes), nothing embedded, so the layout
 * needs no font file at run time. Those fonts only encode WinAnsi (Latin-1 plus a few signs),
 * which covers Indonesian; pdfkit would silently print a wrong glyph for anything else, so every
 * string passes through `pdfSafe`, which writes such a character as its code (`[U+0151]`): the
 * recipient still learns exactly what was written, and the document says so when it happened.
 */
export async function renderCasePdf(data: CasePdfData): Promise<RenderedPdf> {
  const { lang } = data;
  const tr = (key: string, params?: Record<string, string | number>) => t(lang, key, params);
  const when = (at: Date) => localTime(at, data.timeZone);
  let replaced = false;
  const safe = (text: string) => {
    const out = pdfSafe(text);
    if (out.replaced) replaced = true;
    return out.text;
  };

  // Loaded on first use: pdfkit costs about 20 MiB of memory, and exports are rare.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    // Fixed dates (the export time) rather than "now": the same export renders the same bytes.
    info: {
      Title: `${data.number} - ${tr('cases.pdf_title')}`,
      Author: tr('site.name', { org: data.organisation }),
      Creator: 'WBS',
      CreationDate: data.exportedAt,
      ModDate: data.exportedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - MARGIN.left - MARGIN.right;

  const body = () => doc.font('Helvetica').fontSize(BODY).fillColor('black');
  const keepRoom = (points: number) => {
    if (doc.y + points > doc.page.height - MARGIN.bottom) doc.addPage();
  };
  const heading = (text: string) => {
    doc.moveDown(0.8);
    keepRoom(60);
    doc.x = MARGIN.left;
    doc.font('Helvetica-Bold').fontSize(12).fillColor('black').text(safe(text), { width });
    doc.moveDown(0.3);
    body();
  };
  const field = (label: string, value: string | null | undefined) => {
    if (value === null || value === undefined || value === '') return;
    doc.x = MARGIN.left;
    doc
      .font('Helvetica-Bold')
      .fontSize(BODY)
      .text(`${safe(label)}: `, { continued: true, width });
    doc.font('Helvetica').text(safe(value));
  };
  const paragraph = (text: string, opts: { indent?: number } = {}) => {
    body();
    doc.x = MARGIN.left + (opts.indent ?? 0);
    doc.text(safe(text), { width: width - (opts.indent ?? 0) });
    doc.x = MARGIN.left;
  };
  const meta = (text: string, opts: { indent?: number } = {}) => {
    doc.x = MARGIN.left + (opts.indent ?? 0);
    doc
      .font('Helvetica')
      .fontSize(SMALL)
      .fillColor('#333333')
      .text(safe(text), { width: width - (opts.indent ?? 0) });
    body();
    doc.x = MARGIN.left;
  };
  /** One dated entry of a list (a message, a note): who and when in bold, then its text indented. */
  const entry = (byline: string, text: string) => {
    keepRoom(36);
    doc.x = MARGIN.left;
    doc.font('Helvetica-Bold').fontSize(BODY).text(byline, { width });
    paragraph(text, { indent: 14 });
  };

  // Title block.
  doc.font('Helvetica-Bold').fontSize(SMALL).fillColor('#b00000').text(tr('cases.pdf_confidential'), { width, characterSpacing: 1 });
  doc
    .font('Helvetica')
    .fontSize(BODY)
    .fillColor('black')
    .text(safe(tr('site.name', { org: data.organisation })), { width });
  doc.moveDown(0.3);
  doc
    .font('Helvetica-Bold')
    .fontSize(16)
    .text(safe(tr('cases.pdf_title')), { width });
  doc.font('Helvetica-Bold').fontSize(13).text(safe(data.number), { width });
  doc.moveDown(0.4);
  meta(tr('cases.pdf_notice'));
  meta(tr('cases.pdf_times', { tz: data.timeZone }));

  heading(tr('cases.pdf_section_case'));
  field(tr('cases.number'), data.number);
  field(tr('cases.category'), data.categoryName);
  field(tr('cases.opd'), data.opdName ?? tr('cases.opd_unknown'));
  field(tr('cases.channel'), tr(`channel.${data.channel}`));
  field(tr('cases.submitted_at'), when(data.submittedAt));
  field(tr('cases.status'), tr(`status.${data.status}`));
  if (data.track) field(tr('cases.track'), tr(`track.${data.track}`));
  if (data.outcome) field(tr('cases.outcome'), tr(`outcome.${data.outcome}`));
  if (data.closedAt) field(tr('cases.pdf_closed_at'), when(data.closedAt));
  if (data.closingSummary) field(tr('cases.closing_summary'), data.closingSummary);
  field(tr('cases.pdf_exported_at'), when(data.exportedAt));

  heading(tr('cases.pdf_section_report'));
  field(tr('cases.title'), data.report.title);
  field(tr('cases.occurred_on'), data.report.occurredOn);
  field(tr('cases.location'), data.report.location);
  field(tr('cases.reported_persons'), data.report.reportedPersons);
  if (data.report.estimatedLoss !== null && data.report.estimatedLoss !== undefined) {
    field(tr('cases.estimated_loss'), formatRupiah(data.report.estimatedLoss));
  }
  doc.moveDown(0.3);
  doc
    .font('Helvetica-Bold')
    .fontSize(BODY)
    .text(safe(tr('cases.description')), { width });
  paragraph(data.report.description);

  // The category's extra questions, worded as the reporter was asked them.
  const answers = answerLines(data.report.answers, lang);
  if (answers.length) {
    heading(tr('question.answers_title'));
    for (const a of answers) field(a.question, a.answer);
  }

  heading(tr('cases.pdf_section_reporter'));
  if (data.reporter.kind === 'disclosed') {
    const id = data.reporter.identity;
    field(tr('identity.name'), id.name);
    field(tr('identity.nip'), id.nip);
    field(tr('identity.phone'), id.phone);
    field(tr('identity.email'), id.email);
    meta(tr('cases.pdf_identity_disclosed'));
  } else {
    paragraph(tr(data.reporter.kind === 'anonymous' ? 'cases.pdf_identity_anonymous' : 'cases.pdf_identity_withheld'));
  }

  heading(tr('cases.pdf_section_evidence'));
  meta(tr('cases.pdf_evidence_hint'));
  doc.moveDown(0.3);
  if (!data.evidence.length) paragraph(tr('cases.no_evidence'));
  for (const e of data.evidence) {
    keepRoom(48);
    doc.x = MARGIN.left;
    doc
      .font('Helvetica-Bold')
      .fontSize(BODY)
      .text(`[${e.ref}] ${safe(e.filename)}`, { width });
    const source = tr(`cases.pdf_source_${e.source}`);
    meta(
      `${tr('cases.pdf_file_type')}: ${e.mimeType} · ${tr('cases.pdf_file_size')}: ${tr('cases.pdf_bytes', { n: new Intl.NumberFormat('id-ID').format(e.size) })} · ` +
        `${tr('cases.pdf_file_source')}: ${source}, ${when(e.at)}${e.metadataRemoved ? ` · ${tr('cases.metadata_removed')}` : ''}`,
      { indent: 14 },
    );
    doc.x = MARGIN.left + 14;
    doc
      .font('Helvetica')
      .fontSize(SMALL)
      .text('SHA-256: ', { continued: true, width: width - 14 });
    doc.font('Courier').fontSize(SMALL).text(safe(e.sha256));
    body();
    doc.x = MARGIN.left;
    doc.moveDown(0.3);
  }

  heading(tr('cases.pdf_section_messages'));
  if (!data.messages.length) paragraph(tr('cases.no_messages'));
  for (const m of data.messages) {
    entry(`${tr(m.from === 'reporter' ? 'cases.from_reporter' : 'cases.from_inspectorate')} · ${when(m.at)}`, m.body);
    if (m.evidenceRefs.length) meta(`${tr('cases.pdf_attachments')}: ${m.evidenceRefs.map((r) => `[${r}]`).join(', ')}`, { indent: 14 });
    doc.moveDown(0.4);
  }

  heading(tr('cases.pdf_section_notes'));
  if (!data.notes.length) paragraph(tr('cases.pdf_no_notes'));
  for (const n of data.notes) {
    entry(`${safe(n.authorName)} · ${when(n.at)}`, n.body);
    doc.moveDown(0.4);
  }

  const writer: PdfWriter = {
    tr,
    when,
    heading,
    line: (text) => {
      keepRoom(30);
      doc.x = MARGIN.left;
      doc.font('Helvetica-Bold').fontSize(BODY).text(safe(text), { width });
      body();
    },
    paragraph,
    meta,
    gap: () => doc.moveDown(0.3),
  };
  writeAssignments(writer, data.assignments);
  writeIdentityRequests(writer, data.identityRequests);

  heading(tr('cases.pdf_section_history'));
  for (const h of data.history) {
    keepRoom(30);
    doc.x = MARGIN.left;
    const move = `${h.from ? `${tr(`status.${h.from}`)} -> ` : ''}${tr(`status.${h.to}`)}${h.outcome ? ` (${tr(`outcome.${h.outcome}`)})` : ''}`;
    doc
      .font('Helvetica-Bold')
      .fontSize(BODY)
      .text(`${when(h.at)} · ${safe(move)}${h.by ? ` · ${tr('cases.pdf_by')} ${safe(h.by)}` : ''}`, { width });
    if (h.reason) paragraph(`${tr('cases.pdf_reason')}: ${h.reason}`, { indent: 14 });
    doc.moveDown(0.3);
  }

  // Before the closing note, which says whether any character had to be written as its code.
  const exported = safe(tr('cases.pdf_footer_exported', { name: data.exportedBy.name, email: data.exportedBy.email, at: `${when(data.exportedAt)} (${data.timeZone})` }));
  doc.moveDown(1);
  if (replaced) meta(tr('cases.pdf_replaced_chars'));
  doc.x = MARGIN.left;
  doc.font('Helvetica').fontSize(SMALL).text(tr('cases.pdf_end'), { width, align: 'center' });

  // Every page gets the footer, once the page count is known.
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // The footer sits in the bottom margin: without this, pdfkit would start a new page for it.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN.bottom + 24;
    doc
      .moveTo(MARGIN.left, y - 6)
      .lineTo(doc.page.width - MARGIN.right, y - 6)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke();
    doc.font('Helvetica').fontSize(SMALL).fillColor('#333333');
    doc.text(exported, MARGIN.left, y, { width });
    doc.text(`${tr('cases.pdf_confidential')} · ${safe(data.number)} · ${tr('cases.pdf_footer_page', { page: i + 1, pages: range.count })}`, MARGIN.left, doc.y, { width });
    doc.page.margins.bottom = MARGIN.bottom;
  }
  doc.end();
  return { pdf: await finished, pages: range.count };
}

/** `YYYY-MM-DD HH:mm` in the given time zone: unambiguous for a reader in any language. */
export function localTime(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** The characters WinAnsiEncoding has beyond Latin-1 (pdfkit maps them to their codes 0x80–0x9F). */
const WIN_ANSI_EXTRA = new Set([
  0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014, 0x2018, 0x2019, 0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac,
  0x2122,
]);

/** Characters with a plain equivalent that changes nothing a reader would notice. */
const EQUIVALENT: Record<number, string> = {
  0x2010: '-',
  0x2011: '-',
  0x2012: '-',
  0x2015: '—',
  0x2212: '-',
  0x2032: "'",
  0x2033: '"',
  0x2002: ' ',
  0x2003: ' ',
  0x2004: ' ',
  0x2005: ' ',
  0x2006: ' ',
  0x2007: ' ',
  0x2008: ' ',
  0x2009: ' ',
  0x200a: ' ',
  0x202f: ' ',
  0x205f: ' ',
  0x3000: ' ',
  0x2028: '\n',
  0x2029: '\n',
  // Invisible: zero-width spaces and joiners, word joiner, byte order mark.
  0x200b: '',
  0x200c: '',
  0x200d: '',
  0x2060: '',
  0xfeff: '',
};

/**
 * Text the standard PDF fonts can show as written: composed (NFC) so accented letters typed as
 * two code points become the one Latin-1 letter, line ends unified, and any character outside
 * WinAnsi written as `[U+XXXX]` rather than printed as a wrong glyph.
 */
export function pdfSafe(input: string): { text: string; replaced: boolean } {
  let text = '';
  let replaced = false;
  for (const ch of input.replace(/\r\n?/g, '\n').normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x0a) text += '\n';
    else if (cp === 0x09) text += '    ';
    else if ((cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || WIN_ANSI_EXTRA.has(cp)) text += ch;
    else if (cp in EQUIVALENT) text += EQUIVALENT[cp];
    else {
      text += `[U+${cp.toString(16).toUpperCase().padStart(4, '0')}]`;
      replaced = true;
    }
  }
  return { text, replaced };
}
