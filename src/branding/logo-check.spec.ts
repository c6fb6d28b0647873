import sharp from 'sharp';
import { ValidationFailed } from '../platform/http/domain-error';
import { checkLogo, LOGO_MAX_BYTES, sanitiseSvg } from './logo-check';

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 4, background: '#0b5d3b' } })
    .png()
    .toBuffer();

async function refusal(bytes: Buffer): Promise<string> {
  const e = await checkLogo(bytes).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ValidationFailed);
  const [error] = (e as ValidationFailed).errors;
  expect(error.field).toBe('logo');
  return error.message;
}

describe('checkLogo', () => {
  it('takes a PNG with sane sides, re-encoded, named by its hash', async () => {
    const logo = await checkLogo(await png(64, 64));
    expect(logo.type).toBe('image/png');
    expect((await sharp(logo.bytes).metadata()).width).toBe(64);
    expect(logo.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('refuses by content: a renamed text file, a broken PNG, odd sides, too many bytes', async () => {
    expect(await refusal(Buffer.from('GIF89a not a logo'))).toBe('branding.logo_type');
    expect(await refusal(Buffer.concat([(await png(64, 64)).subarray(0, 30)]))).toBe('branding.logo_unreadable');
    expect(await refusal(await png(8, 8))).toBe('branding.logo_dimensions');
    expect(await refusal(await png(2000, 40))).toBe('branding.logo_dimensions');
    expect(await refusal(Buffer.alloc(LOGO_MAX_BYTES + 1, 1))).toBe('branding.logo_too_large');
    expect(await refusal(Buffer.alloc(0))).toBe('branding.logo_empty');
  });

  it('takes an SVG, cleaned, with its dimensions checked', async () => {
    const logo = await checkLogo(Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="28" height="28" viewBox="0 0 28 28"><path d="M0 0h28v28z" fill="#0b5d3b"/></svg>'));
    expect(logo.type).toBe('image/svg+xml');
    expect(logo.bytes.toString()).toBe('<svg xmlns="http://www.w3.org/2000/svg" width="28" height="28" viewBox="0 0 28 28"><path d="M0 0h28v28z" fill="#0b5d3b"></path></svg>');
  });

  it('refuses an SVG with a DOCTYPE (entities), one not well-formed, and one whose root is not svg', async () => {
    expect(await refusal(Buffer.from('<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg" width="28" height="28">&x;</svg>'))).toBe(
      'branding.logo_svg_doctype',
    );
    expect(await refusal(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="28" height="28"><path></svg>'))).toBe('branding.logo_unreadable');
    expect(await refusal(Buffer.from('<html><svg xmlns="http://www.w3.org/2000/svg" width="28" height="28"/></html>'))).toBe('branding.logo_type');
  });
});

describe('sanitiseSvg', () => {
  it('drops scripts, handlers, links, styles, foreignObject and outside references, keeping the drawing', () => {
    const out = sanitiseSvg(
      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="28" height="28" onload="alert(1)">
        <script>alert(1)</script><style>path{fill:url(https://evil.example/x)}</style>
        <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>
        <a href="https://evil.example"><path d="M1 1"/></a><use xlink:href="https://evil.example/s.svg#x"/><image href="https://evil.example/p.png"/>
        <defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
        <path d="M0 0h28v28z" fill="url(#g)" stroke="url(https://evil.example/p)" onclick="alert(2)" style="fill:red"/>
        <title>Logo &amp; <b>nama</b></title>
      </svg>`,
    );
    expect(out).not.toMatch(/script|onload|onclick|style|foreignObject|evil|href|<a|<use|<image|<div/i);
    expect(out).toContain('<path d="M0 0h28v28z" fill="url(#g)"></path>');
    expect(out).toContain('<stop offset="0" stop-color="#fff"></stop>');
    expect(out).toContain('<title>Logo &amp; </title>');
  });
});
