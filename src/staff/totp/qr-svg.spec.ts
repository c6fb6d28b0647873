import { qrSvg } from './qr-svg';

describe('QR code SVG', () => {
  it('is one inline SVG of paths only, hidden from screen readers (the page labels it)', async () => {
    const svg = await qrSvg('otpauth://totp/WBS%20Inspektorat:a%40b.go.id?secret=JBSWY3DPEHPK3PXP&issuer=WBS%20Inspektorat');
    expect(svg.startsWith('<svg aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toMatch(/width="232" height="232"/);
    expect(svg.match(/<[a-z]+/g)!.every((tag) => tag === '<svg' || tag === '<path')).toBe(true);
    expect(svg).not.toContain('JBSWY3DPEHPK3PXP');
    expect(svg).not.toMatch(/<script|<image|href|style=/i);
  });
});
