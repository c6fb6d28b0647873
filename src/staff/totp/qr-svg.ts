import { toString as qrToString } from 'qrcode';

/** Only `<svg ...>` with `<path .../>` children and attribute values without quotes or markup. */
const PLAIN_SVG = /^<svg(?: [a-zA-Z:-]+="[^"<>]*")+>(?:<path(?: [a-zA-Z-]+="[^"<>]*")+\/>)+<\/svg>$/;

/**
 * The QR code as an SVG element, for embedding in the page: the CSP allows neither scripts nor
 * images from elsewhere, and a PNG data URI would be ten times larger. The page inserts it
 * unescaped, so the output is checked to be nothing but paths (qrcode writes only geometry, never
 * the encoded text, but the check keeps it that way across upgrades).
 */
export async function qrSvg(text: string): Promise<string> {
  const svg = (await qrToString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, width: 232 })).trim();
  if (!PLAIN_SVG.test(svg)) throw new Error('unexpected QR SVG output');
  // The page names the image on its container (role="img" with a translated label).
  return svg.replace('<svg ', '<svg aria-hidden="true" focusable="false" ');
}
