import { registerDictionary } from '../../platform/i18n/i18n';

/** Words of the referral document's lists of assignments and identity requests (issue 15). */
registerDictionary({
  id: {
    'cases.pdf_section_assignments': 'Penugasan pemeriksa',
    'cases.pdf_no_assignments': 'Belum ada pemeriksa yang ditugaskan.',
    'cases.pdf_step.assigned': '{inspector} ditugaskan oleh {actor}',
    'cases.pdf_step.unassigned': '{inspector} dilepas oleh {actor}',
    'cases.pdf_step.recused': '{inspector} mengundurkan diri',
    'cases.pdf_conflict_overridden': 'Benturan kepentingan dikesampingkan',
    'cases.pdf_step_reason': 'Alasan',
    'cases.pdf_section_identity_requests': 'Permintaan identitas pelapor',
    'cases.pdf_identity_requests_hint':
      'Siapa meminta identitas pelapor dan bagaimana diputuskan. Identitas itu sendiri hanya tercantum di bagian Pelapor, bila dibuka untuk pembuat dokumen ini atas permintaannya sendiri yang disetujui.',
    'cases.pdf_no_identity_requests': 'Tidak ada permintaan identitas.',
    'cases.pdf_identity_requested': 'Diminta oleh {name}',
    'cases.pdf_identity_status.pending': 'belum diputuskan',
    'cases.pdf_identity_status.approved': 'disetujui',
    'cases.pdf_identity_status.refused': 'ditolak',
    'cases.pdf_identity_decided': '{decision} oleh {name}, {at}',
  },
  en: {
    'cases.pdf_section_assignments': 'Inspector assignments',
    'cases.pdf_no_assignments': 'No inspector has been assigned.',
    'cases.pdf_step.assigned': '{inspector} assigned by {actor}',
    'cases.pdf_step.unassigned': '{inspector} taken off by {actor}',
    'cases.pdf_step.recused': '{inspector} stepped back',
    'cases.pdf_conflict_overridden': 'Conflict of interest overridden',
    'cases.pdf_step_reason': 'Reason',
    'cases.pdf_section_identity_requests': "Requests for the reporter's identity",
    'cases.pdf_identity_requests_hint':
      "Who asked for the reporter's identity and how it was decided. The identity itself appears only in the Reporter section, when it was disclosed to the maker of this document through an approved request of their own.",
    'cases.pdf_no_identity_requests': 'No identity requests.',
    'cases.pdf_identity_requested': 'Requested by {name}',
    'cases.pdf_identity_status.pending': 'not decided yet',
    'cases.pdf_identity_status.approved': 'approved',
    'cases.pdf_identity_status.refused': 'refused',
    'cases.pdf_identity_decided': '{decision} by {name}, {at}',
  },
});
