import { registerDictionary } from '../i18n/i18n';

registerDictionary({
  id: {
    'http.not_signed_in': 'Silakan masuk terlebih dahulu.',
    'http.forbidden': 'Anda tidak berwenang melakukan ini.',
    'http.not_found': 'Halaman atau data tidak ditemukan.',
    'http.too_many_requests': 'Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi.',
    'http.internal_error': 'Terjadi kesalahan pada sistem. Kode kejadian: {requestId}. Data Anda tidak disimpan sebagian.',
    'http.bad_request': 'Permintaan tidak dapat dibaca. Periksa isian lalu kirim ulang.',
    'http.payload_too_large': 'Kiriman terlalu besar.',
    'http.invalid_utf8': 'Isian berisi karakter yang tidak valid (bukan UTF-8).',
    'http.database_unavailable': 'Layanan sedang tidak dapat menyimpan data. Tidak ada yang tersimpan; silakan coba lagi sebentar lagi.',
    'http.overloaded': 'Layanan sedang sangat sibuk. Tidak ada yang tersimpan; silakan coba lagi sebentar lagi.',
    'http.error_title': 'Terjadi masalah',
    'http.back_home': 'Kembali ke beranda',
  },
  en: {
    'http.not_signed_in': 'Please sign in first.',
    'http.forbidden': 'You are not allowed to do this.',
    'http.not_found': 'The page or item was not found.',
    'http.too_many_requests': 'Too many attempts. Please wait a moment and try again.',
    'http.internal_error': 'Something went wrong on our side. Incident code: {requestId}. Nothing was partly saved.',
    'http.bad_request': 'The request could not be read. Check the form and send it again.',
    'http.payload_too_large': 'The upload is too large.',
    'http.invalid_utf8': 'The form contains invalid characters (not UTF-8).',
    'http.database_unavailable': 'The service cannot save anything right now. Nothing was saved; please try again in a moment.',
    'http.overloaded': 'The service is very busy right now. Nothing was saved; please try again in a moment.',
    'http.error_title': 'Something went wrong',
    'http.back_home': 'Back to the home page',
  },
});
