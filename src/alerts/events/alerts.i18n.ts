import { registerDictionary } from '../../platform/i18n/i18n';

/**
 * The alerts' words: kind names (audit page, docs) and the alert mails, which the notifications
 * module renders from the alert's figures. What kind of unusual activity, when, the figure, the
 * threshold and where to look; never content, never anything about a reporter or who tried.
 * Placeholders: {figure}, {threshold}, {from} (start of the window), {minutes} (its length).
 */
registerDictionary({
  id: {
    'alerts.kind.submissions-surge': 'Lonjakan laporan masuk',
    'alerts.kind.staff-sign-in-failures': 'Banyak upaya masuk staf gagal',
    'alerts.kind.receipt-failures': 'Banyak kode tanda terima salah',
    'alerts.kind.mail-parked': 'E-mail tertahan',
    'alerts.kind.events-parked': 'Peristiwa tertahan',
    'alerts.kind.audit-chain-broken': 'Rantai log audit rusak',
    'alerts.kind.disk-nearly-full': 'Disk hampir penuh',
    'mail.alert.when': 'Terdeteksi',
    'mail.alert.figure': 'Angka',
    'mail.alert.threshold': 'Ambang peringatan',
    'mail.subject.alert-submissions-surge': 'Peringatan: laporan masuk jauh di atas biasanya ({figure} dalam satu jam)',
    'mail.headline.alert-submissions-surge':
      '{figure} laporan masuk lewat situs dan API dalam satu jam sejak {from}, jauh di atas jumlah biasanya (ambang peringatan: {threshold} per jam). Periksa kotak masuk: mungkin ada banjir laporan yang serupa atau otomatis.',
    'mail.subject.alert-staff-sign-in-failures': 'Peringatan: banyak upaya masuk staf gagal ({figure} dalam {minutes} menit)',
    'mail.headline.alert-staff-sign-in-failures':
      '{figure} upaya masuk ke akun staf gagal dalam {minutes} menit sejak {from} (ambang peringatan: {threshold}). Mungkin ada yang menebak kata sandi. Log audit mencantumkan upaya yang gagal; pastikan verifikasi dua langkah diwajibkan.',
    'mail.subject.alert-receipt-failures': 'Peringatan: banyak kode tanda terima salah ({figure} dalam {minutes} menit)',
    'mail.headline.alert-receipt-failures':
      '{figure} upaya membuka kasus dengan kode tanda terima gagal dalam {minutes} menit sejak {from} (ambang peringatan: {threshold}). Mungkin ada yang menebak kode tanda terima. Log audit mencantumkan upaya yang gagal, tanpa data siapa yang mencoba.',
    'mail.subject.alert-mail-parked': 'Peringatan: {figure} e-mail tidak terkirim',
    'mail.headline.alert-mail-parked':
      '{figure} e-mail tertahan karena ditolak atau kehabisan percobaan (ambang peringatan: {threshold}): staf tidak menerima pemberitahuan. Admin dapat melihat penyebabnya dan mengirim ulang di halaman antrean e-mail.',
    'mail.subject.alert-events-parked': 'Peringatan: {figure} pengiriman peristiwa tertahan',
    'mail.headline.alert-events-parked':
      '{figure} pengiriman peristiwa kehabisan percobaan dan tertahan (ambang peringatan: {threshold}): sebagian akibatnya (pemberitahuan, catatan audit, tenggat) menunggu admin. Halaman kesehatan rinci (/health) dan log server menunjukkan yang mana.',
    'mail.subject.alert-audit-chain-broken': 'Peringatan: rantai log audit rusak',
    'mail.headline.alert-audit-chain-broken':
      'Pemeriksaan harian log audit menemukan rantai hash-nya putus pada entri nomor {figure}: sebuah entri diubah atau dihapus di luar aplikasi. Jalankan "npm run cli -- audit:verify" di server dan bandingkan dengan cadangan; halaman log audit menampilkan entri di sekitarnya.',
    'mail.subject.alert-disk-nearly-full': 'Peringatan: disk DATA_DIR terisi {figure}%',
    'mail.headline.alert-disk-nearly-full':
      'Sistem berkas yang memuat direktori data (DATA_DIR) sudah terisi {figure}% (ambang peringatan: {threshold}%). Bila penuh, laporan, lampiran, dan e-mail tidak dapat disimpan lagi. Kosongkan ruang atau perbesar disk; /health menampilkan angkanya.',
  },
  en: {
    'alerts.kind.submissions-surge': 'Surge of submissions',
    'alerts.kind.staff-sign-in-failures': 'Burst of failed staff sign-ins',
    'alerts.kind.receipt-failures': 'Burst of failed receipt entries',
    'alerts.kind.mail-parked': 'Parked mail',
    'alerts.kind.events-parked': 'Parked events',
    'alerts.kind.audit-chain-broken': 'Broken audit chain',
    'alerts.kind.disk-nearly-full': 'Disk nearly full',
    'mail.alert.when': 'Detected',
    'mail.alert.figure': 'Figure',
    'mail.alert.threshold': 'Alert threshold',
    'mail.subject.alert-submissions-surge': 'Alert: far more reports than usual ({figure} in one hour)',
    'mail.headline.alert-submissions-surge':
      '{figure} reports arrived through the website and the API in the hour from {from}, far above the usual number (alert threshold: {threshold} an hour). Look through the inbox for a flood of similar or automated reports.',
    'mail.subject.alert-staff-sign-in-failures': 'Alert: burst of failed staff sign-ins ({figure} in {minutes} minutes)',
    'mail.headline.alert-staff-sign-in-failures':
      '{figure} sign-ins to staff accounts failed in the {minutes} minutes from {from} (alert threshold: {threshold}). Someone may be guessing passwords. The audit log lists the failed sign-ins; make sure two-factor sign-in is required.',
    'mail.subject.alert-receipt-failures': 'Alert: burst of failed receipt entries ({figure} in {minutes} minutes)',
    'mail.headline.alert-receipt-failures':
      '{figure} attempts to open a case with a receipt failed in the {minutes} minutes from {from} (alert threshold: {threshold}). Someone may be guessing receipts. The audit log lists the failed attempts, without anything about who tried.',
    'mail.subject.alert-mail-parked': 'Alert: {figure} e-mails could not be delivered',
    'mail.headline.alert-mail-parked':
      '{figure} e-mails were refused or ran out of tries and are parked (alert threshold: {threshold}): staff are missing notices. An admin can see the causes and send them again on the mail queue page.',
    'mail.subject.alert-events-parked': 'Alert: {figure} event deliveries are parked',
    'mail.headline.alert-events-parked':
      '{figure} event deliveries ran out of tries and are parked (alert threshold: {threshold}): some of their effects (notices, audit entries, deadlines) wait for an admin. The detailed health page (/health) and the server log show which.',
    'mail.subject.alert-audit-chain-broken': "Alert: the audit log's chain is broken",
    'mail.headline.alert-audit-chain-broken':
      'The daily verification of the audit log found its hash chain broken at entry number {figure}: an entry was changed or removed outside the application. Run "npm run cli -- audit:verify" on the server and compare with a backup; the audit log page shows the entries around it.',
    'mail.subject.alert-disk-nearly-full': 'Alert: the disk under DATA_DIR is {figure}% full',
    'mail.headline.alert-disk-nearly-full':
      'The file system holding the data directory (DATA_DIR) is {figure}% full (alert threshold: {threshold}%). Once it is full, reports, attachments and mail can no longer be stored. Free some space or enlarge the disk; /health shows the figures.',
  },
});
