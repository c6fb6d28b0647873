import { registerDictionary } from '../platform/i18n/i18n';

/** The receipt page's second chances, the expired-session draft and the reporter's rating. */
registerDictionary({
  id: {
    'receipt.case_number': 'Nomor perkara',
    'receipt.once_window': 'Resi ini hanya ditampilkan di browser ini, dan hanya selama 30 menit.',
    'receipt.repeated': 'Formulir ini sudah pernah dikirim: tidak ada laporan baru yang dibuat. Ini resi laporan Anda.',
    'receipt.download': 'Unduh resi (berkas teks)',
    'receipt.print_hint': 'Untuk mencetak kartu resi, gunakan perintah Cetak di browser: hanya kartu ini yang tercetak.',
    'receipt.card_note': 'Buka {url} dan masukkan resi ini untuk membaca tanggapan Inspektorat.',
    'receipt.file_title': 'Resi laporan WBS',
    'receipt.file_submitted': 'Dikirim',
    'receipt.file_keep': 'Simpan berkas ini di tempat aman dan jangan bagikan. Siapa pun yang memegang resi dapat membaca laporan Anda.',
    'receipt.token_unknown': 'Resi tidak dapat ditampilkan lagi: lebih dari 30 menit telah berlalu, atau formulir ini tidak pernah dikirim.',
    'receipt.gone_title': 'Resi tidak tersedia lagi',
    'report.submission_token_invalid': 'Formulir ini rusak atau tidak berasal dari situs ini. Muat ulang halaman formulir dan isi kembali.',
    'report.submission_token_reused': 'Formulir ini sudah dikirim dengan isi yang berbeda, jadi tidak ada yang disimpan. Bila ini laporan baru, periksa isian lalu kirim sekali lagi.',
    'track.draft_kept': 'Pesan yang Anda tulis belum terkirim dan disimpan di bawah. Masukkan resi lagi untuk melanjutkan; lampiran perlu dipilih ulang.',
    'track.draft_label': 'Pesan Anda yang belum terkirim',
  },
  en: {
    'receipt.case_number': 'Case number',
    'receipt.once_window': 'This receipt is shown only in this browser, and only for 30 minutes.',
    'receipt.repeated': 'This form was already sent: no new report was filed. Here is your report\'s receipt.',
    'receipt.download': 'Download the receipt (text file)',
    'receipt.print_hint': 'To print a receipt card, use your browser\'s Print command: only this card is printed.',
    'receipt.card_note': 'Open {url} and enter this receipt to read the inspectorate\'s answers.',
    'receipt.file_title': 'WBS report receipt',
    'receipt.file_submitted': 'Sent',
    'receipt.file_keep': 'Keep this file somewhere safe and do not share it. Whoever holds the receipt can read your report.',
    'receipt.token_unknown': 'The receipt can no longer be shown: more than 30 minutes have passed, or this form was never sent.',
    'receipt.gone_title': 'Receipt no longer available',
    'report.submission_token_invalid': 'This form is damaged or did not come from this site. Reload the form page and fill it in again.',
    'report.submission_token_reused': 'This form was already sent with different content, so nothing was saved. If this is a new report, check the fields and send it once more.',
    'track.draft_kept': 'The message you wrote was not sent yet and is kept below. Enter your receipt again to continue; attachments must be chosen again.',
    'track.draft_label': 'Your unsent message',
  },
});
