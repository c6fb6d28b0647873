import { receiptFile } from './receipt-file';
import './receipts.i18n';
import './intake.i18n';

describe(receiptFile.name, () => {
  const receipt = { receipt: 'ABCD-EFGH-JKMN-PQRS', number: 'WBS-2026-00042', submittedAt: new Date('2026-12-06T01:30:00Z'), mayCarryMetadata: [], notCleaned: [] };

  it("writes the receipt, the case number and the local time in the reporter's language, CRLF line ends", () => {
    const text = receiptFile('en', receipt, 'https://wbs.example/track', 'Asia/Makassar');
    const lines = text.split('\r\n');
    expect(lines).toContain('Your receipt number: ABCD-EFGH-JKMN-PQRS');
    expect(lines).toContain('Case number: WBS-2026-00042');
    expect(lines.find((l) => l.startsWith('Sent: '))).toMatch(/6 Dec 2026.*09:30.*\(Asia\/Makassar\)/);
    expect(text).toContain('Open https://wbs.example/track and enter this receipt');
    expect(text).not.toMatch(/[^\r]\n/);
  });

  it('leaves the case number out when the stored receipt had none', () => {
    const text = receiptFile('id', { ...receipt, number: undefined }, 'https://wbs.example/track', 'Asia/Makassar');
    expect(text).toContain('Nomor resi Anda: ABCD-EFGH-JKMN-PQRS');
    expect(text).not.toContain('Nomor perkara');
  });
});
