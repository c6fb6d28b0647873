/**
 * file-type recognises binary signatures only, so text needs its own check before it may be
 * stored as text/plain.
 */

// The tags with which browsers' MIME sniffing (WHATWG "rules for identifying an unknown MIME
// type") decides that a document is HTML, plus SVG and XML, which can run script too. Only the
// start is checked, as browsers do: a report may well quote a piece of HTML further down.
const MARKUP_START = /^<(?:!doctype\s+html|html|head|body|script|iframe|h1|div|font|table|a|style|title|b|br|p|svg|\?xml)(?=[\s>/])|^<!--/i;
const SNIFF_WINDOW = 1024;

/** Valid UTF-8, no NUL bytes (UTF-16 and binaries have them) and not a web page in disguise. */
export function isPlainText(data: Uint8Array): boolean {
  const check = new PlainTextCheck();
  return check.push(data) && check.end();
}

/** The same check over a file read chunk by chunk, holding only the start in memory. */
export class PlainTextCheck {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private start = '';
  private ok = true;

  /** False as soon as the text is known not to be plain. */
  push(chunk: Uint8Array): boolean {
    if (!this.ok) return false;
    if (chunk.includes(0)) return (this.ok = false);
    try {
      const text = this.decoder.decode(chunk, { stream: true });
      if (this.start.length < SNIFF_WINDOW * 2) this.start += text.slice(0, SNIFF_WINDOW * 2);
    } catch {
      this.ok = false;
    }
    return this.ok;
  }

  end(): boolean {
    if (!this.ok) return false;
    try {
      this.start += this.decoder.decode();
    } catch {
      return (this.ok = false);
    }
    return !MARKUP_START.test(this.start.trimStart().slice(0, SNIFF_WINDOW));
  }
}
