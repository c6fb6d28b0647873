import { formatReceipt, generateReceipt, normaliseReceipt, receiptLookup, reporterKey } from './receipt';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RECEIPT = '7K3M9QXR2B8HTVWZ';

describe('receipts', () => {
  describe(generateReceipt.name, () => {
    it('makes 16 characters of the Crockford alphabet', () => {
      for (let i = 0; i < 100; i++) expect(generateReceipt()).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    });

    it('does not repeat itself over 1000 receipts', () => {
      const receipts = new Set(Array.from({ length: 1000 }, generateReceipt));
      expect(receipts.size).toBe(1000);
    });

    it('uses every symbol at every position, so no bits are wasted', () => {
      // 2000 draws: the chance that a fair position misses one of 32 symbols is below 1e-25.
      const seen = Array.from({ length: 16 }, () => new Set<string>());
      for (let i = 0; i < 2000; i++) [...generateReceipt()].forEach((c, position) => seen[position].add(c));
      for (const symbols of seen) expect([...symbols].sort().join('')).toBe(ALPHABET);
    });
  });

  describe(formatReceipt.name, () => {
    it('groups by four', () => {
      expect(formatReceipt(RECEIPT)).toBe('7K3M-9QXR-2B8H-TVWZ');
    });

    it('formats what normalisation reads back', () => {
      const receipt = generateReceipt();
      expect(normaliseReceipt(formatReceipt(receipt))).toBe(receipt);
    });
  });

  describe(normaliseReceipt.name, () => {
    it.each([
      ['7K3M-9QXR-2B8H-TVWZ', RECEIPT],
      ['7k3m-9qxr-2b8h-tvwz', RECEIPT],
      ['  7K3M 9QXR\t2B8H\nTVWZ  ', RECEIPT],
      ['7K3M 9QXR - 2B8H - TVWZ', RECEIPT],
      ['7K3M\u20139QXR\u20142B8H\u00a0TVWZ', RECEIPT],
      ['OOOO-oooo-0000-0000', '0000000000000000'],
      ['IiLl-1111-iIlL-1111', '1111111111111111'],
    ])('reads %j', (input, expected) => {
      expect(normaliseReceipt(input)).toBe(expected);
    });

    it.each([
      ['empty', ''],
      ['15 characters', '7K3M-9QXR-2B8H-TVW'],
      ['17 characters', '7K3M-9QXR-2B8H-TVWZ0'],
      ['U, which Crockford leaves out', '7K3M-9QXR-2B8H-TVWU'],
      ['punctuation', '7K3M.9QXR.2B8H.TVWZ'],
      ['an underscore', '7K3M_9QXR_2B8H_TVWZ'],
      ['an accented letter', '7K3M-9QXR-2B8H-TVWÉ'],
      ['a dotless i, which upper-cases to I', '7K3M-9QXR-2B8H-TVW\u0131'],
      ['a long s, which upper-cases to S', '7K3M-9QXR-2B8H-TVW\u017f'],
      ['full-width digits', '７K3M-9QXR-2B8H-TVWZ'],
      ['a zero-width space', '7K3M-9QXR-2B8H-TVW\u200bZ'],
      ['input over 64 characters, even if it would normalise', `${' '.repeat(49)}${RECEIPT}`],
    ])('refuses %s', (_, input) => {
      expect(normaliseReceipt(input)).toBeNull();
    });

    it('refuses what is not a string', () => {
      expect(normaliseReceipt(undefined)).toBeNull();
      expect(normaliseReceipt([RECEIPT])).toBeNull();
    });

    it('still reads 64 characters', () => {
      expect(normaliseReceipt(`${' '.repeat(48)}${RECEIPT}`)).toBe(RECEIPT);
    });
  });

  describe(receiptLookup.name, () => {
    const secret = Buffer.alloc(32, 1);

    it('is the same 32 bytes for the same receipt and secret', () => {
      const lookup = receiptLookup(RECEIPT, secret);
      expect(lookup.length).toBe(32);
      expect(receiptLookup(RECEIPT, Buffer.alloc(32, 1))).toEqual(lookup);
    });

    it('differs with another secret or another receipt', () => {
      const lookup = receiptLookup(RECEIPT, secret);
      expect(receiptLookup(RECEIPT, Buffer.alloc(32, 2)).equals(lookup)).toBe(false);
      expect(receiptLookup('7K3M9QXR2B8HTVW0', secret).equals(lookup)).toBe(false);
    });

    it('refuses a receipt that was not normalised', () => {
      expect(() => receiptLookup('7K3M-9QXR-2B8H-TVWZ', secret)).toThrow(TypeError);
      expect(() => receiptLookup(RECEIPT.toLowerCase(), secret)).toThrow(TypeError);
    });
  });

  describe(reporterKey.name, () => {
    const salt = Buffer.alloc(16, 7);

    it('derives the same 32-byte key from the same receipt and salt', () => {
      const key = reporterKey(RECEIPT, salt);
      expect(key.length).toBe(32);
      expect(reporterKey(RECEIPT, Buffer.alloc(16, 7))).toEqual(key);
    });

    it('differs by salt and by receipt, and from the lookup', () => {
      const key = reporterKey(RECEIPT, salt);
      expect(reporterKey(RECEIPT, Buffer.alloc(16, 8)).equals(key)).toBe(false);
      expect(reporterKey('7K3M9QXR2B8HTVW0', salt).equals(key)).toBe(false);
      expect(receiptLookup(RECEIPT, salt).equals(key)).toBe(false);
    });

    it('refuses a short salt and an unnormalised receipt', () => {
      expect(() => reporterKey(RECEIPT, Buffer.alloc(8))).toThrow(RangeError);
      expect(() => reporterKey('7k3m9qxr2b8htvwz', salt)).toThrow(TypeError);
    });
  });
});
