/**
 * file-type recognises binary signatures only, so text needs its own check before it may be
 * stored as text/plain.
 */

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

// The tags with which browsers' MIME sniffing (WHATWG "rules for identifying an unknown MIME
// type") decides that a document is HTML, plus SVG and XML, which can run script too. Only the
// start is checked, as browsers do: a report may well quote a piece of HTML further down.
const MARKUP_START =
  /^<(?:!doctype\s+html|html|head|body|script|iframe|h1|div|font|table|a|style|title|b|br|p|svg|\?xml)(?=[\s>/])|^<!--/i;
const SNIFF_WINDOW = 1024;

/** Valid UTF-8, no NUL bytes (UTF-16 and binaries have them) and not a web page in disguise. */
export function isPlainText(data: Uint8Array): boolean {
  if (data.includes(0)) return false;
  let text: string;
  try {
    text = STRICT_UTF8.decode(data);
  } catch {
    return false;
  }
  return !MARKUP_START.test(text.slice(0, SNIFF_WINDOW).trimStart());
}
