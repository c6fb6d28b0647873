import { registerDictionary } from '../i18n/i18n';

registerDictionary({
  id: {
    'site.name': 'WBS {org}',
    'site.staff_name': 'WBS — Ruang Kerja Inspektorat',
    'site.org': 'Sistem Pelaporan Pelanggaran',
    'site.skip_to_content': 'Langsung ke isi',
    'site.language': 'Bahasa',
    'site.footer': '{org}. Identitas pelapor dirahasiakan dan dilindungi dengan enkripsi.',
    'staff.menu': 'Menu staf',
    'staff.logout': 'Keluar',
    'staff.two_factor_nav': 'Verifikasi dua langkah',
  },
  en: {
    'site.name': 'WBS {org}',
    'site.staff_name': 'WBS — Inspectorate workspace',
    'site.org': 'Whistleblowing System',
    'site.skip_to_content': 'Skip to content',
    'site.language': 'Language',
    'site.footer': "{org}. The reporter's identity is kept secret and protected by encryption.",
    'staff.menu': 'Staff menu',
    'staff.logout': 'Sign out',
    'staff.two_factor_nav': 'Two-step sign-in',
  },
});
