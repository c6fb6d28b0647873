import { registerDictionary } from '../platform/i18n/i18n';

/** The inbox's columns and case-number search (views/cases/inbox.hbs). */
registerDictionary({
  id: {
    'inbox.search_label': 'Cari nomor perkara',
    'inbox.search_hint': 'Misalnya WBS-2026-00001 (huruf kecil dan spasi boleh).',
    'inbox.search_button': 'Cari',
    'inbox.number_invalid': 'Nomor perkara ditulis seperti WBS-2026-00001.',
    'inbox.number_not_found': 'Tidak ada perkara bernomor {number} yang dapat Anda lihat.',
    'inbox.show_all': 'Tampilkan semua',
    'inbox.days_left': 'Sisa hari kerja',
    'inbox.due_on': 'tenggat {date}',
    'inbox.due_today': 'tenggat hari ini',
    'inbox.left_working': 'sisa {days} hari kerja',
    'inbox.late_working': 'lewat {days} hari kerja',
    'inbox.kind_verification': 'verifikasi',
    'inbox.kind_investigation': 'pemeriksaan',
  },
  en: {
    'inbox.search_label': 'Find case number',
    'inbox.search_hint': 'For example WBS-2026-00001 (lower case and spaces are fine).',
    'inbox.search_button': 'Find',
    'inbox.number_invalid': 'A case number is written like WBS-2026-00001.',
    'inbox.number_not_found': 'No case numbered {number} that you can see.',
    'inbox.show_all': 'Show all',
    'inbox.days_left': 'Working days left',
    'inbox.due_on': 'due {date}',
    'inbox.due_today': 'due today',
    'inbox.left_working': '{days} working days left',
    'inbox.late_working': '{days} working days late',
    'inbox.kind_verification': 'verification',
    'inbox.kind_investigation': 'investigation',
  },
});
