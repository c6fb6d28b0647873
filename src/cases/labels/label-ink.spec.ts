import { inkFor, labelStylesheet } from './label-ink';

describe('label chip colours', () => {
  const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  const luminance = (hex: string) => {
    const ch = (h: string) => {
      const c = parseInt(h, 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * ch(hex.slice(1, 3)) + 0.7152 * ch(hex.slice(3, 5)) + 0.0722 * ch(hex.slice(5, 7));
  };

  it.each([
    ['#ffffff', '#000000'],
    ['#fde047', '#000000'],
    ['#000000', '#ffffff'],
    ['#1d4ed8', '#ffffff'],
    ['#b91c1c', '#ffffff'],
  ])('writes on %s in %s', (colour, ink) => {
    expect(inkFor(colour)).toBe(ink);
  });

  it('keeps at least 4.5:1 for every grey and every primary mix', () => {
    const steps = ['00', '33', '66', '77', '80', '99', 'cc', 'ff'];
    for (const r of steps)
      for (const g of steps)
        for (const b of steps) {
          const colour = `#${r}${g}${b}`;
          expect(contrast(luminance(colour), luminance(inkFor(colour)))).toBeGreaterThanOrEqual(4.5);
        }
  });

  it('gives each label a class', () => {
    expect(labelStylesheet([{ id: 'a1', colour: '#000000' }])).toBe('.label-a1{background:#000000;color:#ffffff}\n');
  });
});
