import { Dictionary, registerDictionary } from '../../i18n/i18n';

/**
 * Reporters are often anxious and on a phone: every message says what went wrong and what to do
 * next, in plain words. The type list in `upload.help` follows ALLOWED_TYPES_LABEL.
 */
export const ATTACHMENTS_DICTIONARY: Dictionary = {
  id: {
    'upload.empty': 'Berkas {name} kosong. Pilih berkas lain.',
    'upload.type_not_allowed': 'Jenis berkas {name} tidak dapat diterima. Jenis yang diterima: {allowed}.',
    'upload.type_mismatch':
      'Isi berkas {name} adalah {detected}, tetapi akhiran namanya tidak sesuai. Ubah akhiran nama berkas sesuai jenisnya, lalu unggah lagi.',
    'upload.file_too_large': 'Berkas {name} terlalu besar. Ukuran maksimal {maxMiB} MiB per berkas.',
    'upload.total_too_large': 'Ukuran semua lampiran terlalu besar. Maksimal {maxMiB} MiB untuk seluruh berkas.',
    'upload.too_many_files': 'Terlalu banyak berkas. Maksimal {max} berkas per laporan.',
    'upload.image_unreadable':
      'Foto {name} tidak dapat dibaca atau terlalu besar untuk dibersihkan. Coba kirim lagi sebagai JPG, atau hapus centang "Hapus metadata foto" untuk mengirimnya apa adanya (lokasi dan data kamera tetap ada di dalamnya).',
    'upload.heic_cannot_strip':
      'Lokasi dan data kamera pada foto HEIC {name} tidak dapat dihapus di sini. Kirim foto sebagai JPG (di iPhone: Pengaturan > Kamera > Format > Paling Kompatibel, atau kirim tangkapan layar), atau hapus centang "Hapus metadata foto" untuk mengirimnya apa adanya (lokasi dan data kamera tetap ada di dalamnya).',
    'upload.help':
      'Jenis berkas: PDF, foto (JPG, PNG, WebP, HEIC), video (MP4, MOV), audio (M4A, MP3, OGG), DOCX, XLSX, TXT, ZIP. Maks. {maxFileMiB} MiB per berkas, {maxTotalMiB} MiB total, {maxFiles} berkas.',
    'upload.strip_metadata_label': 'Hapus metadata foto (disarankan)',
    'upload.strip_metadata_help':
      'Lokasi (GPS), waktu pengambilan, serta merek dan jenis kamera atau ponsel dihapus dari foto JPG, PNG dan WebP sebelum disimpan. Foto HEIC tidak dapat dibersihkan; kirimlah sebagai JPG.',
    'upload.documents_may_carry_metadata':
      'Perhatian: dokumen PDF, Word dan Excel, juga berkas audio, video dan ZIP, dapat menyimpan nama penulis, nama komputer, riwayat perubahan atau lokasi, dan dikirim apa adanya. Sebelum mengunggah, hapus data itu: di Word atau Excel pilih File > Info > Periksa Masalah > Periksa Dokumen, klik Periksa, lalu Hapus Semua; untuk PDF, hapus nama penulis di Properti Dokumen atau cetak ulang ke PDF dari komputer yang tidak terdaftar atas nama Anda.',
  },
  en: {
    'upload.empty': 'The file {name} is empty. Please choose another file.',
    'upload.type_not_allowed': 'The file {name} is not a type we can accept. Accepted types: {allowed}.',
    'upload.type_mismatch':
      'The file {name} contains {detected}, but its name ends differently. Rename it with the right ending for its type and upload it again.',
    'upload.file_too_large': 'The file {name} is too large. The maximum is {maxMiB} MiB per file.',
    'upload.total_too_large': 'The attachments are too large together. The maximum is {maxMiB} MiB for all files.',
    'upload.too_many_files': 'Too many files. You can attach at most {max} files to a report.',
    'upload.image_unreadable':
      'The photo {name} could not be read or is too large to clean. Try sending it again as JPG, or untick "Remove photo metadata" to send it as it is (its location and camera data then stay in it).',
    'upload.heic_cannot_strip':
      'The location and camera data of the HEIC photo {name} cannot be removed here. Send the photo as JPG (on iPhone: Settings > Camera > Formats > Most Compatible, or send a screenshot), or untick "Remove photo metadata" to send it as it is (its location and camera data then stay in it).',
    'upload.help':
      'Accepted: PDF, photos (JPG, PNG, WebP, HEIC), video (MP4, MOV), audio (M4A, MP3, OGG), DOCX, XLSX, TXT, ZIP. At most {maxFileMiB} MiB per file, {maxTotalMiB} MiB in total, {maxFiles} files.',
    'upload.strip_metadata_label': 'Remove photo metadata (recommended)',
    'upload.strip_metadata_help':
      'Location (GPS), the time the photo was taken, and the camera or phone make and model are removed from JPG, PNG and WebP photos before they are stored. HEIC photos cannot be cleaned; please send them as JPG.',
    'upload.documents_may_carry_metadata':
      'Please note: PDF, Word and Excel documents, as well as audio, video and ZIP files, can hold the author\'s name, the computer\'s name, the editing history or a location, and are sent as they are. Remove these before uploading: in Word or Excel choose File > Info > Check for Issues > Inspect Document, then Remove All; for a PDF, clear the author in Document Properties or print it again to PDF from a computer not registered in your name.',
  },
};

registerDictionary(ATTACHMENTS_DICTIONARY);
