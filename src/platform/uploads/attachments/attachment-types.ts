/**
 * The allow-list, keyed by the extension file-type reports for the content. Anything file-type
 * recognises that is not here is refused, which covers executables, scripts packaged as
 * archives of other kinds, disk images and so on.
 */

/** Formats sharp can decode and write again, so their metadata can be removed. */
export type CleanableImageFormat = 'jpeg' | 'png' | 'webp';

export type AttachmentKind = 'image' | 'heic' | 'document' | 'media' | 'archive' | 'text';

export interface AllowedType {
  /** How the type is named to the reporter, e.g. in a mismatch message. */
  label: string;
  mimeType: string;
  /** Name endings accepted for this content; the first is appended to names without one. */
  extensions: readonly string[];
  kind: AttachmentKind;
  cleanAs?: CleanableImageFormat;
  /** How the document's metadata is removed (see document-metadata.ts). */
  cleanDocumentAs?: CleanableDocumentFormat;
}

/** PDF through pdf-lib; Office Open XML and OpenDocument packages through jszip. */
export type CleanableDocumentFormat = 'pdf' | 'ooxml' | 'odf';

const OGG_AUDIO = { label: 'OGG', mimeType: 'audio/ogg', kind: 'media' } as const;
const HEIC = { label: 'HEIC', extensions: ['heic', 'heif'], kind: 'heic' } as const;

const ALLOWED: Readonly<Record<string, AllowedType>> = {
  pdf: { label: 'PDF', mimeType: 'application/pdf', extensions: ['pdf'], kind: 'document', cleanDocumentAs: 'pdf' },
  jpg: { label: 'JPG', mimeType: 'image/jpeg', extensions: ['jpg', 'jpeg'], kind: 'image', cleanAs: 'jpeg' },
  png: { label: 'PNG', mimeType: 'image/png', extensions: ['png'], kind: 'image', cleanAs: 'png' },
  webp: { label: 'WebP', mimeType: 'image/webp', extensions: ['webp'], kind: 'image', cleanAs: 'webp' },
  // file-type reports every HEIF flavour as "heic" and tells them apart only by MIME type.
  'heic:image/heic': { ...HEIC, mimeType: 'image/heic' },
  'heic:image/heif': { ...HEIC, mimeType: 'image/heif' },
  'heic:image/heic-sequence': { ...HEIC, mimeType: 'image/heic-sequence' },
  'heic:image/heif-sequence': { ...HEIC, mimeType: 'image/heif-sequence' },
  // Phone recorders often write audio-only MP4 files named .m4a with a generic "isom"/"mp42"
  // brand, which file-type reports as mp4; refusing them would turn away ordinary voice memos.
  mp4: { label: 'MP4', mimeType: 'video/mp4', extensions: ['mp4', 'm4a'], kind: 'media' },
  m4a: { label: 'M4A', mimeType: 'audio/mp4', extensions: ['m4a', 'mp4'], kind: 'media' },
  // iPhones record video as QuickTime by default. It is the same ISO media container family as
  // MP4, so it is no riskier to accept, and refusing it would refuse most iPhone videos.
  mov: { label: 'MOV', mimeType: 'video/quicktime', extensions: ['mov'], kind: 'media' },
  mp3: { label: 'MP3', mimeType: 'audio/mpeg', extensions: ['mp3'], kind: 'media' },
  // WhatsApp voice notes are Ogg Opus, saved as .opus or .ogg depending on the phone.
  opus: { ...OGG_AUDIO, extensions: ['opus', 'ogg', 'oga'] },
  ogg: { ...OGG_AUDIO, extensions: ['ogg', 'oga', 'opus'] },
  oga: { ...OGG_AUDIO, extensions: ['oga', 'ogg', 'opus'] },
  // file-type names OOXML from the main part in [Content_Types].xml. A file called .docx that it
  // sees only as a zip has no Word document in it, so it is refused as a mismatch rather than
  // stored under a name that promises something else. Macro-enabled variants (docm, xlsm) are
  // reported as such and are not on this list.
  docx: {
    label: 'DOCX',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    kind: 'document',
    cleanDocumentAs: 'ooxml',
  },
  xlsx: {
    label: 'XLSX',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
    kind: 'document',
    cleanDocumentAs: 'ooxml',
  },
  pptx: {
    label: 'PPTX',
    mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
    kind: 'document',
    cleanDocumentAs: 'ooxml',
  },
  // OpenDocument, as LibreOffice writes it (common on government PCs). Macros in an ODF file
  // run only when the reader allows them, as with DOCX; macro-enabled OOXML stays refused.
  odt: { label: 'ODT', mimeType: 'application/vnd.oasis.opendocument.text', extensions: ['odt'], kind: 'document', cleanDocumentAs: 'odf' },
  ods: { label: 'ODS', mimeType: 'application/vnd.oasis.opendocument.spreadsheet', extensions: ['ods'], kind: 'document', cleanDocumentAs: 'odf' },
  odp: { label: 'ODP', mimeType: 'application/vnd.oasis.opendocument.presentation', extensions: ['odp'], kind: 'document', cleanDocumentAs: 'odf' },
  zip: { label: 'ZIP', mimeType: 'application/zip', extensions: ['zip'], kind: 'archive' },
  // Old Office files (.doc/.xls) are deliberately absent: file-type sees only an OLE compound
  // file ("cfb"), which is equally an .msi installer or an Outlook message, and OLE documents
  // are the classic carrier of auto-running macros. Reporters are asked for DOCX, XLSX or PDF.
};

/** Used only when file-type finds no binary signature; see plain-text.ts for the content check. */
export const PLAIN_TEXT: AllowedType = {
  label: 'TXT',
  mimeType: 'text/plain; charset=utf-8',
  extensions: ['txt'],
  kind: 'text',
};

/** For the "not allowed" message; kept in step with the help text in attachments.i18n.ts. */
export const ALLOWED_TYPES_LABEL = 'PDF, JPG, PNG, WebP, HEIC, MP4, MOV, M4A, MP3, OGG, DOCX, XLSX, PPTX, ODT, ODS, ODP, TXT, ZIP';

/** The allow-list entry for what file-type detected, or undefined when it is not allowed. */
export function allowedTypeFor(detected: { ext: string; mime: string }): AllowedType | undefined {
  const key = detected.ext === 'heic' ? `heic:${detected.mime}` : detected.ext;
  return Object.hasOwn(ALLOWED, key) ? ALLOWED[key] : undefined;
}
