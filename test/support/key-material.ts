/**
 * Every form a 32-byte key could take in text or bytes written somewhere: raw bytes, hex in both
 * cases, base64 with and without padding, base64url, the line of the escrow key file (base64),
 * and the halves of each, so a key wrapped over two lines or cut in a log line is found too.
 */
export function keyEncodings(key: Buffer): { name: string; needle: Buffer }[] {
  const text: [string, string][] = [
    ['hex', key.toString('hex')],
    ['HEX', key.toString('hex').toUpperCase()],
    ['base64', key.toString('base64')],
    ['base64 without padding', key.toString('base64').replace(/=+$/, '')],
    ['base64url', key.toString('base64url')],
    ['key file line', `${key.toString('base64')}\n`],
  ];
  const whole = [{ name: 'raw bytes', needle: key }, ...text.map(([name, s]) => ({ name, needle: Buffer.from(s) }))];
  const halves = whole.flatMap(({ name, needle }) => {
    const half = Math.floor(needle.length / 2);
    return [
      { name: `${name} (first half)`, needle: needle.subarray(0, half) },
      { name: `${name} (second half)`, needle: needle.subarray(needle.length - half) },
    ];
  });
  return [...whole, ...halves];
}

/** The names of the encodings of `key` found in `haystack` (empty when none). */
export function keyMaterialIn(haystack: Buffer | string, key: Buffer): string[] {
  const bytes = typeof haystack === 'string' ? Buffer.from(haystack) : haystack;
  return keyEncodings(key)
    .filter(({ needle }) => bytes.includes(needle))
    .map(({ name }) => name);
}
