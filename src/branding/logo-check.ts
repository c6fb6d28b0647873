import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { SaxesParser } from 'saxes';
import sharp from 'sharp';
import { ValidationFailed } from '../platform/http/domain-error';

export type LogoType = 'image/png' | 'image/svg+xml';

export interface Logo {
  type: LogoType;
  bytes: Buffer;
  /** Names the file in its URL, so browsers may keep it for a year and still see a new one at once. */
  hash: string;
}

/** The logo is shown at 28×28 CSS pixels; anything larger than this is wasted on a phone. */
export const LOGO_MAX_BYTES = 100 * 1024;
export const LOGO_MIN_SIDE = 16;
export const LOGO_MAX_SIDE = 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const SVG_NS = 'http://www.w3.org/2000/svg';

function refused(message: string, params?: Record<string, string | number>): ValidationFailed {
  return new ValidationFailed([{ field: 'logo', message, params }]);
}

/**
 * An uploaded logo, checked by its content (never its name or declared type): a PNG that decodes
 * with sane dimensions, re-encoded so text chunks and other metadata are dropped; or an SVG
 * rebuilt from a strict allow-list of elements and attributes (see sanitiseSvg). Refused with an
 * error for the `logo` field otherwise.
 */
export async function checkLogo(bytes: Buffer): Promise<Logo> {
  if (bytes.length > LOGO_MAX_BYTES) throw refused('branding.logo_too_large', { maxKb: LOGO_MAX_BYTES / 1024 });
  if (bytes.length === 0) throw refused('branding.logo_empty');
  let type: LogoType;
  let clean: Buffer;
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) {
    type = 'image/png';
    await assertDimensions(bytes, 'png');
    clean = await sharp(bytes).png({ compressionLevel: 9 }).toBuffer();
  } else if (isUtf8(bytes) && /<svg[\s>]/.test(bytes.toString('utf8'))) {
    type = 'image/svg+xml';
    clean = Buffer.from(sanitiseSvg(bytes.toString('utf8')), 'utf8');
    await assertDimensions(clean, 'svg');
  } else {
    throw refused('branding.logo_type');
  }
  return { type, bytes: clean, hash: createHash('sha256').update(clean).digest('hex').slice(0, 16) };
}

async function assertDimensions(bytes: Buffer, format: 'png' | 'svg'): Promise<void> {
  let meta: sharp.Metadata;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    throw refused('branding.logo_unreadable');
  }
  if (meta.format !== format) throw refused('branding.logo_unreadable');
  const { width = 0, height = 0 } = meta;
  if (width < LOGO_MIN_SIDE || height < LOGO_MIN_SIDE || width > LOGO_MAX_SIDE || height > LOGO_MAX_SIDE) {
    throw refused('branding.logo_dimensions', { width, height, min: LOGO_MIN_SIDE, max: LOGO_MAX_SIDE });
  }
}

// ---- SVG: parsed as strict XML (saxes) and written out again from what the allow-list keeps.

/** Shapes, groups, gradients and text. No script, style, foreignObject, image, use, a or animation. */
const ELEMENTS: ReadonlySet<string> = new Set([
  'svg',
  'g',
  'path',
  'circle',
  'ellipse',
  'rect',
  'line',
  'polyline',
  'polygon',
  'defs',
  'linearGradient',
  'radialGradient',
  'stop',
  'clipPath',
  'title',
  'desc',
  'text',
  'tspan',
]);
const TEXT_ELEMENTS: ReadonlySet<string> = new Set(['title', 'desc', 'text', 'tspan']);

/** Geometry and paint only: no event handlers, no href, no style (CSS can load URLs). */
const ATTRIBUTES: ReadonlySet<string> = new Set([
  'id',
  'd',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'fx',
  'fy',
  'width',
  'height',
  'viewBox',
  'preserveAspectRatio',
  'points',
  'transform',
  'opacity',
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-opacity',
  'stroke-miterlimit',
  'stroke-dasharray',
  'stroke-dashoffset',
  'offset',
  'stop-color',
  'stop-opacity',
  'gradientUnits',
  'gradientTransform',
  'spreadMethod',
  'clip-path',
  'clip-rule',
  'clipPathUnits',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'letter-spacing',
]);

/** A paint or clip value may point only inside the file: `url(#id)`. */
const EXTERNAL_URL = /url\s*\(\s*(?!['"]?#)/i;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The SVG rebuilt from scratch: elements outside the allow-list are dropped with everything inside
 * them, attributes outside it (every `on…`, `href`, `xlink:href`, `style`) are dropped, and so is a
 * value that refers outside the file. A DOCTYPE (entities), processing instructions and anything
 * not well-formed are refused; the root must be an `<svg>` in the SVG namespace.
 */
export function sanitiseSvg(source: string): string {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const out: string[] = [];
  const open: { keep: boolean; name: string }[] = [];
  let skipping = 0;
  let rootSeen = false;
  let failure: string | null = null;
  parser.on('doctype', () => (failure ??= 'branding.logo_svg_doctype'));
  parser.on('error', () => (failure ??= 'branding.logo_unreadable'));
  parser.on('opentag', (tag) => {
    const keep = skipping === 0 && tag.uri === SVG_NS && ELEMENTS.has(tag.local) && (rootSeen || tag.local === 'svg');
    if (!rootSeen && !(tag.uri === SVG_NS && tag.local === 'svg')) failure ??= 'branding.logo_type';
    rootSeen = true;
    open.push({ keep, name: tag.local });
    if (!keep) {
      skipping++;
      return;
    }
    const attrs = Object.values(tag.attributes)
      .filter((a) => a.uri === '' && ATTRIBUTES.has(a.local) && !EXTERNAL_URL.test(a.value))
      .map((a) => ` ${a.local}="${escapeXml(a.value)}"`)
      .join('');
    out.push(`<${tag.local}${tag.local === 'svg' && out.length === 0 ? ` xmlns="${SVG_NS}"` : ''}${attrs}>`);
  });
  parser.on('closetag', () => {
    const tag = open.pop();
    if (!tag) return;
    if (!tag.keep) skipping--;
    else out.push(`</${tag.name}>`);
  });
  const text = (value: string) => {
    const parent = open[open.length - 1];
    if (skipping === 0 && parent && TEXT_ELEMENTS.has(parent.name)) out.push(escapeXml(value));
  };
  parser.on('text', text);
  parser.on('cdata', text);
  try {
    parser.write(source).close();
  } catch {
    failure ??= 'branding.logo_unreadable';
  }
  if (failure || !rootSeen) throw refused(failure ?? 'branding.logo_unreadable');
  return out.join('');
}
