import { execFile } from 'node:child_process';
import * as path from 'node:path';

/** Runs under plain Node: pdf.js ships as ES modules only, which Jest's CommonJS runtime cannot load. */
const SCRIPT = `
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const doc = await getDocument({ data: new Uint8Array(Buffer.concat(chunks)), verbosity: 0, isEvalSupported: false }).promise;
const pages = [];
for (let i = 1; i <= doc.numPages; i++) {
  const content = await (await doc.getPage(i)).getTextContent();
  pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\\n' : '') : '')).join(''));
}
process.stdout.write(JSON.stringify(pages));
`;

/** The text of each page of a PDF, as pdf.js (Firefox's reader) extracts it. */
export function pdfPages(pdf: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: path.join(__dirname, '..', '..'), maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(`pdf.js could not read the PDF: ${stderr || err.message}`)) : resolve(JSON.parse(stdout) as string[]),
    );
    child.stdin!.end(pdf);
  });
}
