import { registerDictionary } from '../platform/i18n/i18n';

/** The case page's "how it arrived" part (views/partials/case-letter.hbs) for reports staff recorded. */
registerDictionary({
  id: {
    'offline_case.heading': 'Penerimaan laporan',
    'offline_case.received_on': 'Tanggal diterima',
    'offline_case.deadlines_from': '(tenggat dihitung sejak tanggal ini)',
    'offline_case.recorded_by': 'Dicatat oleh',
    'offline_case.letter_number': 'Nomor surat',
    'offline_case.letter_date': 'Tanggal surat',
  },
  en: {
    'offline_case.heading': 'How the report arrived',
    'offline_case.received_on': 'Received on',
    'offline_case.deadlines_from': '(deadlines count from this date)',
    'offline_case.recorded_by': 'Recorded by',
    'offline_case.letter_number': 'Letter number',
    'offline_case.letter_date': 'Letter date',
  },
});
