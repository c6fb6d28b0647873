import type { INestApplicationContext } from '@nestjs/common';
import { IntakeService } from '../intake';
import { Role } from '../staff';
import { StaffDirectory, StaffService } from '../staff';

/** The domain of every demo account (DEMO_STAFF): how a second run sees the first. */
const DEMO_DOMAIN = 'wbs-demo.invalid';

/** Demo staff, one per role; addresses on the reserved `.invalid` domain, so no mail leaves. */
const DEMO_STAFF: ReadonlyArray<{ email: string; name: string; roles: Role[] }> = [
  { email: 'demo.admin@wbs-demo.invalid', name: 'Demo Admin', roles: [Role.Admin] },
  { email: 'demo.supervisor@wbs-demo.invalid', name: 'Demo Supervisor', roles: [Role.Supervisor] },
  { email: 'demo.inspector@wbs-demo.invalid', name: 'Demo Pemeriksa', roles: [Role.Inspector] },
  { email: 'demo.custodian@wbs-demo.invalid', name: 'Demo Penjaga Identitas', roles: [Role.Custodian] },
  { email: 'demo.auditor@wbs-demo.invalid', name: 'Demo Auditor', roles: [Role.Auditor] },
];

/** Invented reports, clearly marked as demo data, through the real intake (encrypted like any). */
const DEMO_REPORTS: ReadonlyArray<Record<string, unknown>> = [
  {
    category: 'illegal_levy',
    opd: 'DUKCAPIL',
    anonymous: true,
    consent: 'yes',
    title: '[DEMO] Pungutan untuk pembuatan KTP-el',
    description: '[DATA DEMO] Petugas loket meminta uang Rp 50.000 agar KTP-el selesai dalam sehari. Terjadi setiap pagi di loket 2, tanpa kuitansi.',
  },
  {
    category: 'procurement_fraud',
    opd: 'DINKES',
    anonymous: true,
    consent: 'yes',
    title: '[DEMO] Pengadaan alat kesehatan diarahkan',
    description: '[DATA DEMO] Spesifikasi paket pengadaan alat kesehatan disusun sehingga hanya satu penyedia yang memenuhi, dengan harga di atas pasar.',
  },
  {
    category: 'gratification',
    anonymous: false,
    consent: 'yes',
    reporter_name: 'Pelapor Demo',
    reporter_phone: '080000000000',
    title: '[DEMO] Hadiah dari rekanan proyek jalan',
    description: '[DATA DEMO] Rekanan proyek jalan lingkungan memberikan telepon genggam kepada pejabat pembuat komitmen setelah serah terima pekerjaan.',
  },
];

export interface DemoSeedResult {
  staff: { email: string; roles: Role[]; oneTimePassword: string | null }[];
  /** Where the escrow private key was written, when this seed created the key pair. */
  escrowKeyFile: string | null;
  receipts: string[];
}

export class DemoAlreadySeeded extends Error {}

/**
 * `npm run cli -- seed:demo`: demo staff for every role (one-time passwords printed, changed at
 * first sign-in) and a few invented reports through the real intake, so an inspectorate can try
 * the whole flow. Refuses to run twice.
 */
export async function seedDemo(app: INestApplicationContext): Promise<DemoSeedResult> {
  if ((await app.get(StaffDirectory).countWithEmailDomain(DEMO_DOMAIN)) > 0) throw new DemoAlreadySeeded('Demo data is already there (staff @wbs-demo.invalid exist).');
  const staffService = app.get(StaffService);
  const result: DemoSeedResult = { staff: [], escrowKeyFile: null, receipts: [] };
  for (const s of DEMO_STAFF) {
    const created = await staffService.create({ email: s.email, name: s.name, roles: s.roles });
    result.staff.push({ email: s.email, roles: s.roles, oneTimePassword: created.oneTimePassword ?? null });
    result.escrowKeyFile ??= created.escrowKeyFile ?? null;
  }
  const intake = app.get(IntakeService);
  for (const report of DEMO_REPORTS) result.receipts.push((await intake.submit(report, [], 'web')).receipt);
  return result;
}
