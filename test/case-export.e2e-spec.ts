import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { bearer, csrfOf, pageSession } from './support/pages';
import { pdfPages } from './support/pdf-text';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Supertest leaves an application/pdf body unread: collect it as bytes. */
function binary(res: unknown, done: (err: Error | null, body: Buffer) => void) {
  const stream = res as NodeJS.ReadableStream; // superagent hands the raw response to a parser
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

/**
 * Issue 5, case export: a supervisor exports one case as a PDF for referral to law enforcement
 * (APH) or another body, with the internal notes they choose, the evidence files' SHA-256, a
 * footer on every page, the reporter's identity only where it was revealed to them through an
 * approved request, and the PDF's own SHA-256 in the audit log.
 */
describe('case export', () => {
  let t: TestApp;
  const who: Record<string, { id: string; email: string; password: string }> = {};
  const auth: Record<string, string> = {};
  let caseId = '';
  let caseNumber = '';
  let chosenNote = '';
  let otherNote = '';
  const NAME = 'NAMA-PELAPOR-5521';
  const PHONE = '081277766655';
  const REPORT_FILE = Buffer.from('%PDF-1.4\n% kuitansi pembayaran izin 2025\n%%EOF\n');
  const MESSAGE_FILE = Buffer.from('Bukti transfer: BRI 0123 ke rekening pribadi, 14 Februari 2025.\n');

  const exports = async (actor?: string) =>
    (await t.db.query<{ actor_id: string; detail: string }>(`SELECT actor_id, detail FROM audit_log WHERE action = 'case.exported' ORDER BY id`))
      .filter((e) => !actor || e.actor_id === actor)
      .map((e) => ({ actor: e.actor_id, detail: JSON.parse(e.detail) as Record<string, unknown> }));

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_LOGIN: '1000' } });
    for (const [key, roles] of [
      ['supervisor', [Role.Supervisor]],
      ['dual', [Role.Supervisor, Role.Inspector]],
      ['inspector', [Role.Inspector]],
      ['custodian', [Role.Custodian]],
      ['auditor', [Role.Auditor]],
      ['admin', [Role.Admin]],
    ] as const) {
      who[key] = await t.createStaff([...roles]);
      auth[key] = await bearer(t, who[key]);
    }
    const filed = await request(t.url)
      .post('/api/v1/reports')
      .field({
        category: 'gratification',
        title: 'Hadiah untuk izin usaha',
        description: 'Pejabat bidang perizinan menerima uang dari pemohon agar izin cepat terbit.',
        occurred_on: '2025-02-14',
        location: 'Kantor DPMPTSP Kota Kendari',
        reported_persons: 'Kepala Bidang Perizinan',
        estimated_loss: '15000000',
        anonymous: 'no',
        reporter_name: NAME,
        reporter_phone: PHONE,
        consent: 'yes',
      })
      .attach('attachments', REPORT_FILE, 'kuitansi.pdf')
      .expect(201);
    [{ id: caseId, number: caseNumber }] = await t.db.query<{ id: string; number: string }>(`SELECT id, number FROM cases`);

    for (const inspector of ['inspector', 'dual']) {
      await request(t.url).post(`/api/v1/cases/${caseId}/assign`).set('Authorization', auth.supervisor).send({ inspectorId: who[inspector].id }).expect(201);
    }
    await request(t.url).post(`/api/v1/cases/${caseId}/messages`).set('Authorization', auth.supervisor).send({ body: 'Mohon kirim bukti transfer.' }).expect(201);
    const session = (await request(t.url).post('/api/v1/track').send({ receipt: filed.body.receipt }).expect(200)).body.token;
    await request(t.url)
      .post('/api/v1/track/messages')
      .set('Authorization', `Bearer ${session}`)
      .field({ body: 'Berikut bukti transfernya.' })
      .attach('attachments', MESSAGE_FILE, 'bukti.txt')
      .expect(201);
    chosenNote = (await request(t.url).post(`/api/v1/cases/${caseId}/notes`).set('Authorization', auth.inspector).send({ body: 'CATATAN-DIPILIH: saksi A bersedia memberi keterangan.' }).expect(201))
      .body.id;
    otherNote = (await request(t.url).post(`/api/v1/cases/${caseId}/notes`).set('Authorization', auth.inspector).send({ body: 'CATATAN-INTERNAL-LAIN: dugaan keterlibatan atasan.' }).expect(201)).body
      .id;
  });
  afterAll(() => t?.close());

  it('offers the export on the case page to supervisors only, with no note chosen by default', async () => {
    const { agent } = await pageSession(t, who.supervisor.email, who.supervisor.password);
    const casePage = await agent.get(`/staff/cases/${caseId}`).expect(200);
    expect(casePage.text).toContain(`href="/staff/cases/${caseId}/export"`);
    expect(casePage.text).toContain('<dd>Rp15.000.000</dd>'); // money as Rupiah, as Indonesians write it
    expect(casePage.text).toContain('Ekspor PDF untuk rujukan');

    const form = await agent.get(`/staff/cases/${caseId}/export`).expect(200);
    expect(form.text).toContain('Unduh PDF');
    expect(form.text).toContain('CATATAN-DIPILIH: saksi A bersedia memberi keterangan.');
    expect(form.text).toContain(`name="notes" value="${chosenNote}"`);
    expect(form.text).toContain(`name="notes" value="${otherNote}"`);
    expect(form.text).not.toMatch(/name="notes"[^>]*checked/);
    expect(form.text).toContain('Identitas pelapor tidak disertakan');

    const inspector = await pageSession(t, who.inspector.email, who.inspector.password);
    const inspectorPage = await inspector.agent.get(`/staff/cases/${caseId}`).expect(200);
    expect(inspectorPage.text).not.toContain(`/staff/cases/${caseId}/export`);
  });

  it('exports the case as a PDF with the chosen note, evidence hashes and a footer on every page, and records its hash', async () => {
    const { agent } = await pageSession(t, who.supervisor.email, who.supervisor.password);
    const form = await agent.get(`/staff/cases/${caseId}/export`).expect(200);
    const res = await agent
      .post(`/staff/cases/${caseId}/export`)
      .type('form')
      .send(new URLSearchParams({ _csrf: csrfOf(form.text), notes: chosenNote }).toString())
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${caseNumber}.pdf"`);
    const pdf = res.body as Buffer;
    expect(res.headers['x-document-sha256']).toBe(sha256(pdf));

    const pages = await pdfPages(pdf);
    const text = pages.join('\n');
    for (const expected of [
      `Nomor: ${caseNumber}`,
      'Judul: Hadiah untuk izin usaha',
      'Pejabat bidang perizinan menerima uang dari pemohon agar izin cepat terbit.',
      'Waktu kejadian: 2025-02-14',
      'Lokasi: Kantor DPMPTSP Kota Kendari',
      'Pihak terlapor: Kepala Bidang Perizinan',
      'Perkiraan kerugian: Rp15.000.000',
      'kuitansi.pdf',
      `SHA-256: ${sha256(REPORT_FILE)}`,
      'bukti.txt',
      `SHA-256: ${sha256(MESSAGE_FILE)}`,
      'Mohon kirim bukti transfer.',
      'Berikut bukti transfernya.',
      'CATATAN-DIPILIH: saksi A bersedia memberi keterangan.',
      'Identitas pelapor dirahasiakan dan tidak disertakan dalam dokumen ini.',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/Inspektorat · \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(text).toMatch(/Pelapor · \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(text).not.toContain('CATATAN-INTERNAL-LAIN');
    expect(text).not.toContain(NAME);
    expect(text).not.toContain(PHONE);
    pages.forEach((page, i) => {
      expect(page).toContain(`<${who.supervisor.email}>`);
      expect(page).toContain(`${caseNumber} · Halaman ${i + 1} / ${pages.length}`);
    });

    const [entry] = await exports(who.supervisor.id);
    expect(entry.detail).toEqual({ sha256: sha256(pdf), bytes: pdf.length, pages: pages.length, notes: 1, identity: false });
    // The content never reaches the log.
    expect(t.logs()).not.toContain('CATATAN-DIPILIH');
  });

  it('takes repeated note fields from the form', async () => {
    const { agent } = await pageSession(t, who.supervisor.email, who.supervisor.password);
    const form = await agent.get(`/staff/cases/${caseId}/export`).expect(200);
    const body = new URLSearchParams([
      ['_csrf', csrfOf(form.text)],
      ['notes', chosenNote],
      ['notes', otherNote],
    ]).toString();
    const res = await agent.post(`/staff/cases/${caseId}/export`).type('form').send(body).buffer(true).parse(binary).expect(200);
    const text = (await pdfPages(res.body as Buffer)).join('\n');
    expect(text).toContain('CATATAN-DIPILIH');
    expect(text).toContain('CATATAN-INTERNAL-LAIN');
  });

  it('answers the API with the PDF too, with no notes unless asked', async () => {
    const before = (await exports(who.supervisor.id)).length;
    const res = await request(t.url).post(`/api/v1/cases/${caseId}/export`).set('Authorization', auth.supervisor).send({ noteIds: [] }).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.body as Buffer;
    const text = (await pdfPages(pdf)).join('\n');
    expect(text).toContain('Tidak ada catatan internal yang disertakan.');
    expect(text).not.toContain('CATATAN-');
    const after = await exports(who.supervisor.id);
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)!.detail).toMatchObject({ sha256: sha256(pdf), bytes: pdf.length, notes: 0, identity: false });
  });

  it('includes the identity for a supervisor it was revealed to through an approved request', async () => {
    const requestId = (
      await request(t.url).post(`/api/v1/cases/${caseId}/identity-requests`).set('Authorization', auth.dual).send({ justification: 'Perlu keterangan pelapor sebagai saksi.' }).expect(201)
    ).body.id;
    await request(t.url).post(`/api/v1/identity-requests/${requestId}/decision`).set('Authorization', auth.custodian).send({ approve: true, reason: 'Cukup' }).expect(200);
    const res = await request(t.url)
      .post(`/api/v1/cases/${caseId}/export`)
      .set('Authorization', auth.dual)
      .send({ noteIds: [chosenNote] })
      .buffer(true)
      .parse(binary)
      .expect(200);
    const text = (await pdfPages(res.body as Buffer)).join('\n');
    expect(text).toContain(`Nama: ${NAME}`);
    expect(text).toContain(`Telepon: ${PHONE}`);
    expect(text).not.toContain('dirahasiakan dan tidak disertakan');
    expect((await exports(who.dual.id)).at(-1)!.detail).toMatchObject({ notes: 1, identity: true });

    // Still withheld from the supervisor who holds no identity key.
    const plain = await request(t.url).post(`/api/v1/cases/${caseId}/export`).set('Authorization', auth.supervisor).send({}).buffer(true).parse(binary).expect(200);
    expect((await pdfPages(plain.body as Buffer)).join('\n')).not.toContain(NAME);
  });

  it('lists the assignments with any overridden conflict and its reason, and the identity requests without the identity', async () => {
    // An inspector named among the reported persons: assigned only with a reason.
    const named = await t.createStaff([Role.Inspector]);
    await t.db.query(`UPDATE staff SET name = 'Kepala Bidang Perizinan' WHERE id = $1`, [named.id]);
    await request(t.url).post(`/api/v1/cases/${caseId}/assign`).set('Authorization', auth.supervisor).send({ inspectorId: named.id }).expect(409);
    await request(t.url)
      .post(`/api/v1/cases/${caseId}/assign`)
      .set('Authorization', auth.supervisor)
      .send({ inspectorId: named.id, overrideReason: 'ALASAN-PENGECUALIAN-77 satu-satunya auditor.' })
      .expect(201);
    // A second request, refused (the first, by the dual-role member, was approved above).
    const refusedId = (
      await request(t.url).post(`/api/v1/cases/${caseId}/identity-requests`).set('Authorization', auth.inspector).send({ justification: 'PERMINTAAN-ALASAN-91 perlu konfirmasi.' }).expect(201)
    ).body.id;
    await request(t.url).post(`/api/v1/identity-requests/${refusedId}/decision`).set('Authorization', auth.custodian).send({ approve: false, reason: 'KEPUTUSAN-ALASAN-92 belum perlu.' }).expect(200);
    const names = Object.fromEntries((await t.db.query<{ id: string; name: string }>(`SELECT id, name FROM staff`)).map((r) => [r.id, r.name]));

    const res = await request(t.url).post(`/api/v1/cases/${caseId}/export`).set('Authorization', auth.supervisor).send({}).buffer(true).parse(binary).expect(200);
    const text = (await pdfPages(res.body as Buffer)).join('\n');
    const section = (title: string, next: string) => text.slice(text.indexOf(title), text.indexOf(next, text.indexOf(title)));
    const assignments = section('Penugasan pemeriksa', 'Permintaan identitas pelapor');
    expect(assignments).toContain(`${names[who.inspector.id]} ditugaskan oleh ${names[who.supervisor.id]}`);
    expect(assignments).toContain(`${names[who.dual.id]} ditugaskan oleh ${names[who.supervisor.id]}`);
    expect(assignments).toContain(`Kepala Bidang Perizinan ditugaskan oleh ${names[who.supervisor.id]}`);
    expect(assignments).toContain('Benturan kepentingan dikesampingkan');
    expect(assignments).toContain('Alasan: ALASAN-PENGECUALIAN-77 satu-satunya auditor.');
    expect(assignments.match(/Benturan kepentingan dikesampingkan/g)).toHaveLength(1);

    const requests = section('Permintaan identitas pelapor', 'Riwayat status');
    expect(requests).toMatch(new RegExp(`\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} · Diminta oleh ${names[who.dual.id]}`));
    expect(requests).toContain(`disetujui oleh ${names[who.custodian.id]}`);
    expect(requests).toContain(`Diminta oleh ${names[who.inspector.id]}`);
    expect(requests).toContain(`ditolak oleh ${names[who.custodian.id]}`);
    // What was asked and decided is case content for the case page, and the identity stays out.
    for (const secret of ['PERMINTAAN-ALASAN-91', 'KEPUTUSAN-ALASAN-92', NAME, PHONE]) expect(text).not.toContain(secret);

    // The member the identity was disclosed to gets it in the reporter section, and the same lists.
    const dual = await request(t.url).post(`/api/v1/cases/${caseId}/export`).set('Authorization', auth.dual).send({}).buffer(true).parse(binary).expect(200);
    const dualText = (await pdfPages(dual.body as Buffer)).join('\n');
    expect(dualText).toContain(`Nama: ${NAME}`);
    expect(dualText.split(NAME)).toHaveLength(2); // once, in the reporter section only
    expect(dualText).toContain(`ditolak oleh ${names[who.custodian.id]}`);
  });

  it('refuses inspectors, custodians, auditors and admins, and records nothing', async () => {
    const before = (await exports()).length;
    for (const role of ['inspector', 'custodian', 'auditor', 'admin']) {
      await request(t.url).post(`/api/v1/cases/${caseId}/export`).set('Authorization', auth[role]).send({ noteIds: [] }).expect(403);
    }
    const inspector = await pageSession(t, who.inspector.email, who.inspector.password);
    await inspector.agent.get(`/staff/cases/${caseId}/export`).expect(403);
    const casePage = await inspector.agent.get(`/staff/cases/${caseId}`).expect(200);
    await inspector.agent
      .post(`/staff/cases/${caseId}/export`)
      .type('form')
      .send({ _csrf: csrfOf(casePage.text) })
      .expect(403);
    expect(await exports()).toHaveLength(before);
  });

  it('refuses a note that is not of this case with a clear message, and records nothing', async () => {
    const before = (await exports()).length;
    const viewsBefore = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'case.viewed' AND actor_id = $1`, [who.supervisor.id]);
    for (const noteIds of [[randomUUID()], [chosenNote, randomUUID()], ['not-a-note'], 'x', [42]]) {
      const res = await request(t.url).post(`/api/v1/cases/${caseId}/export`).set('Authorization', auth.supervisor).send({ noteIds }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'notes', message: 'Catatan yang dipilih tidak ditemukan pada kasus ini. Muat ulang halaman dan pilih lagi.' }]);
    }
    expect(await exports()).toHaveLength(before);
    // Refused before anything was decrypted.
    expect(await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'case.viewed' AND actor_id = $1`, [who.supervisor.id])).toHaveLength(viewsBefore.length);

    const { agent } = await pageSession(t, who.supervisor.email, who.supervisor.password);
    const form = await agent.get(`/staff/cases/${caseId}/export`).expect(200);
    const page = await agent
      .post(`/staff/cases/${caseId}/export`)
      .type('form')
      .send({ _csrf: csrfOf(form.text), notes: randomUUID() })
      .expect(400);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Catatan yang dipilih tidak ditemukan pada kasus ini.');
    expect(await exports()).toHaveLength(before);
  });

  it('answers 404 for an unknown case, and checks the CSRF token of the form', async () => {
    await request(t.url).post(`/api/v1/cases/${randomUUID()}/export`).set('Authorization', auth.supervisor).send({ noteIds: [] }).expect(404);
    const { agent } = await pageSession(t, who.supervisor.email, who.supervisor.password);
    await agent.get(`/staff/cases/${randomUUID()}/export`).expect(404);
    const form = await agent.get(`/staff/cases/${caseId}/export`).expect(200);
    await agent
      .post(`/staff/cases/${randomUUID()}/export`)
      .type('form')
      .send({ _csrf: csrfOf(form.text) })
      .expect(404);
    const before = (await exports()).length;
    await agent.post(`/staff/cases/${caseId}/export`).type('form').send({ notes: chosenNote }).expect(403);
    expect(await exports()).toHaveLength(before);
  });
});
