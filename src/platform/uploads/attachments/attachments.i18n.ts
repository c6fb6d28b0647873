import { Dictionary, registerDictionary } from '../../i18n/i18n';

/**
 * Reporters are often anxious and on a phone: every message says what went wrong and what to do
 * next, in plain words. The type list in `upload.help` follows ALLOWED_TYPES_LABEL.
 */
export const ATTACHMENTS_DICTIONARY: Dictionary = {
  id: {
    'upload.empty': 'Berkas {name} kosong. Pilih berkas lain.',
    'upload.type_not_allowed': 'Jenis berkas {name} tidak dapat diterima. Jenis yang diterima: {allowed}.',
    'upload.type_mismatch': 'Isi berkas {name} adalah {detected}, tetapi akhiran namanya tidak sesuai. Ubah akhiran nama berkas sesuai jenisnya, lalu unggah lagi.',
    'upload.file_too_large': 'Berkas {name} terlalu besar. Ukuran maksimal {maxMiB} MB per berkas.',
    'upload.total_too_large': 'Ukuran semua lampiran terlalu besar. Maksimal {maxMiB} MB untuk seluruh berkas.',
    'upload.too_many_files': 'Terlalu banyak berkas. Maksimal {max} berkas per laporan.',
    'upload.image_unreadable':
      'Foto {name} tidak dapat dibaca atau terlalu besar untuk dibersihkan. Coba kirim lagi sebagai JPG, atau hapus centang "Hapus metadata foto dan dokumen" untuk mengirimnya apa adanya (lokasi dan data kamera tetap ada di dalamnya).',
    'upload.heic_cannot_strip':
      'Lokasi dan data kamera pada foto HEIC {name} tidak dapat dihapus di sini. Kirim foto sebagai JPG (di iPhone: Pengaturan > Kamera > Format > Paling Kompatibel, atau kirim tangkapan layar), atau hapus centang "Hapus metadata foto dan dokumen" untuk mengirimnya apa adanya (lokasi dan data kamera tetap ada di dalamnya).',
    'upload.image_too_many_pixels':
      'Foto {name} berukuran {width} × {height} piksel, lebih dari {maxMegapixels} megapiksel yang dapat diterima. Perkecil foto itu (atau kirim tangkapan layarnya), lalu unggah lagi.',
    'upload.busy': 'Server sedang menerima banyak berkas sekaligus. Laporan Anda belum dikirim dan tidak ada yang disimpan. Tunggu sekitar {seconds} detik, lalu kirim lagi.',
    'upload.daily_quota':
      'Batas lampiran harian dari jaringan Anda ({maxMiB} MB) sudah tercapai. Tidak ada yang disimpan. Kirim lagi besok, atau kirim laporan tanpa lampiran sekarang dan tambahkan berkas nanti lewat halaman pantau laporan.',
    'upload.not_cleaned.encrypted': 'dokumen ini terkunci dengan kata sandi atau terenkripsi, jadi tidak dapat diubah',
    'upload.not_cleaned.unreadable': 'susunan berkas ini rusak atau tidak lazim, jadi tidak dapat dibaca untuk dibersihkan',
    'upload.not_cleaned.too_large': 'berkas ini terlalu besar untuk dibersihkan di server',
    'upload.not_cleaned.too_complex': 'susunan berkas ini terlalu rumit untuk dibersihkan di server',
    'upload.help':
      'Jenis berkas: PDF, foto (JPG, PNG, WebP, HEIC), video (MP4, MOV), audio (M4A, MP3, OGG), dokumen (DOCX, XLSX, PPTX, ODT, ODS, ODP), TXT, ZIP. Maks. {maxFileMiB} MB per berkas, {maxTotalMiB} MB total, {maxFiles} berkas.',
    'upload.strip_metadata_label': 'Hapus metadata foto dan dokumen (disarankan)',
    'upload.strip_metadata_help':
      'Lokasi (GPS), waktu pengambilan, serta merek dan jenis kamera atau ponsel dihapus dari foto JPG, PNG dan WebP sebelum disimpan. Nama penulis, pembuat, perusahaan dan properti dokumen lain dihapus dari PDF, DOCX, XLSX, PPTX, ODT, ODS dan ODP. Foto HEIC tidak dapat dibersihkan; kirimlah sebagai JPG.',
    'upload.documents_may_carry_metadata':
      'Perhatian: berkas audio, video dan ZIP dikirim apa adanya dan dapat menyimpan nama perangkat atau lokasi. Isi dokumen sendiri juga tidak diubah: komentar, riwayat perubahan (track changes), kop surat atau nama di dalam teks tetap ada. Periksa dan hapus sebelum mengunggah: di Word atau Excel pilih File > Info > Periksa Masalah > Periksa Dokumen, klik Periksa, lalu Hapus Semua. Dokumen yang terkunci kata sandi tidak dapat dibersihkan.',
  },
  en: {
    'upload.empty': 'The file {name} is empty. Please choose another file.',
    'upload.type_not_allowed': 'The file {name} is not a type we can accept. Accepted types: {allowed}.',
    'upload.type_mismatch': 'The file {name} contains {detected}, but its name ends differently. Rename it with the right ending for its type and upload it again.',
    'upload.file_too_large': 'The file {name} is too large. The maximum is {maxMiB} MB per file.',
    'upload.total_too_large': 'The attachments are too large together. The maximum is {maxMiB} MB for all files.',
    'upload.too_many_files': 'Too many files. You can attach at most {max} files to a report.',
    'upload.image_unreadable':
      'The photo {name} could not be read or is too large to clean. Try sending it again as JPG, or untick "Remove photo and document metadata" to send it as it is (its location and camera data then stay in it).',
    'upload.heic_cannot_strip':
      'The location and camera data of the HEIC photo {name} cannot be removed here. Send the photo as JPG (on iPhone: Settings > Camera > Formats > Most Compatible, or send a screenshot), or untick "Remove photo and document metadata" to send it as it is (its location and camera data then stay in it).',
    'upload.image_too_many_pixels':
      'The photo {name} measures {width} × {height} pixels, more than the {maxMegapixels} megapixels we can accept. Make it smaller (or send a screenshot of it) and upload it again.',
    'upload.busy': 'The server is receiving many files at once. Your report was not sent and nothing was saved. Please wait about {seconds} seconds and send it again.',
    'upload.daily_quota':
      'The daily attachment limit for your network ({maxMiB} MB) has been reached. Nothing was saved. Send it again tomorrow, or send the report without attachments now and add files later from the tracking page.',
    'upload.not_cleaned.encrypted': 'the document is password-protected or encrypted, so it cannot be changed',
    'upload.not_cleaned.unreadable': 'the file is damaged or built in an unusual way, so it could not be read to clean it',
    'upload.not_cleaned.too_large': 'the file is too large to clean on the server',
    'upload.not_cleaned.too_complex': 'the file is built in too complex a way to clean on the server',
    'upload.help':
      'Accepted: PDF, photos (JPG, PNG, WebP, HEIC), video (MP4, MOV), audio (M4A, MP3, OGG), documents (DOCX, XLSX, PPTX, ODT, ODS, ODP), TXT, ZIP. At most {maxFileMiB} MB per file, {maxTotalMiB} MB in total, {maxFiles} files.',
    'upload.strip_metadata_label': 'Remove photo and document metadata (recommended)',
    'upload.strip_metadata_help':
      'Location (GPS), the time the photo was taken, and the camera or phone make and model are removed from JPG, PNG and WebP photos before they are stored. The author, creator, company and other document properties are removed from PDF, DOCX, XLSX, PPTX, ODT, ODS and ODP files. HEIC photos cannot be cleaned; please send them as JPG.',
    'upload.documents_may_carry_metadata':
      'Please note: audio, video and ZIP files are sent as they are and can hold a device name or a location. The content of documents is not changed either: comments, tracked changes, letterheads and names in the text stay. Check and remove them before uploading: in Word or Excel choose File > Info > Check for Issues > Inspect Document, then Remove All. Password-protected documents cannot be cleaned.',
  },
};

registerDictionary(ATTACHMENTS_DICTIONARY);
