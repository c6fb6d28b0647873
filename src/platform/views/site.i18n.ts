import { registerDictionary } from '../i18n/i18n';

registerDictionary({
  id: {
    'site.name': 'WBS Inspektorat Kota Kendari',
    'site.staff_name': 'WBS — Ruang Kerja Inspektorat',
    'site.org': 'Sistem Pelaporan Pelanggaran',
    'site.skip_to_content': 'Langsung ke isi',
    'site.language': 'Bahasa',
    'site.footer': 'Inspektorat Kota Kendari. Identitas pelapor dirahasiakan dan dilindungi dengan enkripsi.',
    'staff.menu': 'Menu staf',
    'staff.logout': 'Keluar',
    'staff.two_factor_nav': 'Verifikasi dua langkah',
  },
  en: {
    'site.name': 'WBS Kendari City Inspectorate',
    'site.staff_name': 'WBS — Inspectorate workspace',
    'site.org': 'Whistleblowing System',
    'site.skip_to_content': 'Skip to content',
    'site.language': 'Language',
    'site.footer': 'Kendari City Inspectorate. The reporter\'s identity is kept secret and protected by encryption.',
    'staff.menu': 'Staff menu',
    'staff.logout': 'Sign out',
    'staff.two_factor_nav': 'Two-step sign-in',
  },
});
