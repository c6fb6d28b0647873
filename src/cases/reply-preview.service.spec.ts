import { CasesRepository } from './cases.repository';
import { ReplyPreviewOutdated, ReplyPreviewService } from './reply-preview.service';
import type { StaffRef } from '../staff';
import { Role } from '../staff';

describe(ReplyPreviewService.name, () => {
  const caseId = '11111111-1111-4111-8111-111111111111';
  const me = { id: 'staff-1', sessionId: 'session-1', roles: [Role.Inspector] } as unknown as StaffRef;
  const db = { manager: {}, query: jest.fn(async () => [{ number: 'WBS-2026-00001' }]) };
  const access = { contentKey: jest.fn(async () => Buffer.alloc(32, 1)) };
  const cases = { sendToReporter: jest.fn(async () => ({ id: 'message-1' })) };
  const clock = { now: () => new Date('2026-03-02T01:00:00Z') };
  const secrets = { tokenSecret: Buffer.alloc(32, 7), receiptSecret: Buffer.alloc(32, 8) };
  const service = new ReplyPreviewService(db as never, access as never, cases as never, clock as never, secrets, new CasesRepository(db as never));

  beforeEach(() => cases.sendToReporter.mockClear());

  it('previews the text as it will be sent, without sending', async () => {
    const p = await service.preview(me, caseId, '  Mohon lengkapi.\r\nTerima kasih.  ');
    expect(p).toMatchObject({ number: 'WBS-2026-00001', body: 'Mohon lengkapi.\nTerima kasih.' });
    expect(p.sendToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(cases.sendToReporter).not.toHaveBeenCalled();
  });

  it("sends the previewed text with its token, the form's CRLF line ends included", async () => {
    const p = await service.preview(me, caseId, 'Baris satu\nbaris dua');
    await service.confirm(me, caseId, { body: 'Baris satu\r\nbaris dua', sendToken: p.sendToken, seal: p.seal }, []);
    expect(cases.sendToReporter).toHaveBeenCalledWith(me, caseId, 'Baris satu\nbaris dua', [], p.sendToken);
  });

  it('sends nothing when the text, the token, the case or the session differ from the preview', async () => {
    const p = await service.preview(me, caseId, 'Teks yang dipratinjau');
    const other = '22222222-2222-4222-8222-222222222222';
    await expect(service.confirm(me, caseId, { body: 'Teks yang diubah', sendToken: p.sendToken, seal: p.seal }, [])).rejects.toThrow(ReplyPreviewOutdated);
    await expect(service.confirm(me, caseId, { body: p.body, sendToken: other, seal: p.seal }, [])).rejects.toThrow(ReplyPreviewOutdated);
    await expect(service.confirm(me, other, { body: p.body, sendToken: p.sendToken, seal: p.seal }, [])).rejects.toThrow(ReplyPreviewOutdated);
    await expect(service.confirm({ ...me, sessionId: 'session-2' }, caseId, { body: p.body, sendToken: p.sendToken, seal: p.seal }, [])).rejects.toThrow(ReplyPreviewOutdated);
    await expect(service.confirm(me, caseId, { body: p.body }, [])).rejects.toThrow(ReplyPreviewOutdated);
    expect(cases.sendToReporter).not.toHaveBeenCalled();
  });
});
