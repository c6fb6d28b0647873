/**
 * Report categories from the inspectorate's practice (PermenPAN-RB on WBS, PP 94/2021 on PNS
 * discipline, UU Tipikor). Admins may rename and add; codes stay stable for integrations.
 */
export interface CategorySeed {
  code: string;
  nameId: string;
  nameEn: string;
  descriptionId: string;
  descriptionEn: string;
}

export const CATEGORY_SEED: CategorySeed[] = [
  {
    code: 'pns_discipline',
    nameId: 'Pelanggaran disiplin PNS',
    nameEn: 'Civil servant discipline breach',
    descriptionId: 'Misalnya sering bolos, menyalahgunakan jam kerja, atau melanggar kewajiban dan larangan PNS.',
    descriptionEn: 'For example frequent absence, misuse of working hours, or breaching the duties and prohibitions of civil servants.',
  },
  {
    code: 'staffing_rules',
    nameId: 'Pelanggaran peraturan kepegawaian',
    nameEn: 'Breach of staffing regulations',
    descriptionId: 'Misalnya rekayasa mutasi, promosi, atau penerimaan pegawai yang melanggar aturan.',
    descriptionEn: 'For example rigged transfers, promotions or recruitment against the rules.',
  },
  {
    code: 'corruption',
    nameId: 'Korupsi / kerugian negara',
    nameEn: 'Corruption / loss to the state',
    descriptionId: 'Penyalahgunaan uang atau aset daerah, mark-up, atau kegiatan fiktif yang merugikan keuangan negara.',
    descriptionEn: 'Misuse of public money or assets, mark-ups, or fictitious activities causing a loss to the state.',
  },
  {
    code: 'gratification',
    nameId: 'Gratifikasi',
    nameEn: 'Gratification (improper gifts)',
    descriptionId: 'Pemberian uang, barang, atau fasilitas kepada pegawai yang berhubungan dengan jabatannya.',
    descriptionEn: 'Money, goods or favours given to an employee in connection with their office.',
  },
  {
    code: 'illegal_levy',
    nameId: 'Pungutan liar (pungli)',
    nameEn: 'Illegal levy (pungli)',
    descriptionId: 'Permintaan bayaran di luar ketentuan untuk layanan, izin, atau dokumen.',
    descriptionEn: 'Payments demanded outside the rules for a service, permit or document.',
  },
  {
    code: 'abuse_of_authority',
    nameId: 'Penyalahgunaan wewenang',
    nameEn: 'Abuse of authority',
    descriptionId: 'Menggunakan jabatan untuk kepentingan pribadi, keluarga, atau kelompok.',
    descriptionEn: 'Using an office for personal, family or group interests.',
  },
  {
    code: 'procurement_fraud',
    nameId: 'Kecurangan pengadaan barang/jasa',
    nameEn: 'Procurement fraud',
    descriptionId: 'Persekongkolan tender, pengaturan pemenang, atau pekerjaan yang tidak sesuai kontrak.',
    descriptionEn: 'Bid rigging, arranged winners, or work not delivered as contracted.',
  },
  {
    code: 'maladministration',
    nameId: 'Maladministrasi pelayanan publik',
    nameEn: 'Maladministration of public service',
    descriptionId: 'Penundaan berlarut, diskriminasi, atau pelayanan yang menyimpang dari prosedur.',
    descriptionEn: 'Undue delay, discrimination, or service that departs from procedure.',
  },
  {
    code: 'general_crime',
    nameId: 'Tindak pidana umum oleh pegawai',
    nameEn: 'General crime by an employee',
    descriptionId: 'Perbuatan pidana lain yang dilakukan oleh pegawai pemerintah daerah.',
    descriptionEn: 'Other criminal acts committed by an employee of the city government.',
  },
  {
    code: 'other',
    nameId: 'Lainnya',
    nameEn: 'Other',
    descriptionId: 'Pelanggaran lain oleh pegawai yang tidak termasuk kategori di atas.',
    descriptionEn: 'Other violations by an employee not covered above.',
  },
];
