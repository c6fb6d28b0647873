/**
 * The text colour for a label chip: black or white, whichever contrasts more with the label's
 * colour (WCAG 2 relative luminance). Either choice reaches at least 4.5:1 against any colour,
 * so a chip stays readable (and axe finds nothing) whatever colour a supervisor picks.
 */
export function inkFor(colour: string): '#000000' | '#ffffff' {
  const channel = (hex: string) => {
    const c = parseInt(hex, 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(colour.slice(1, 3)) + 0.7152 * channel(colour.slice(3, 5)) + 0.0722 * channel(colour.slice(5, 7));
  const onBlack = (luminance + 0.05) / 0.05;
  const onWhite = 1.05 / (luminance + 0.05);
  return onBlack >= onWhite ? '#000000' : '#ffffff';
}

/**
 * The stylesheet giving each label's chip its colours. Pages forbid inline styles (CSP
 * `style-src 'self'`), so the colours come as classes from this sheet. Ids are UUIDs and colours
 * are `#rrggbb` (checked by the database), so nothing in it needs escaping.
 */
export function labelStylesheet(labels: { id: string; colour: string }[]): string {
  return labels.map((l) => `.label-${l.id}{background:${l.colour};color:${inkFor(l.colour)}}`).join('\n') + '\n';
}
