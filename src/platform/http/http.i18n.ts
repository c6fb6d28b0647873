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
    'input.nul_character': 'Isian ini berisi karakter NUL yang tidak diperbolehkan. Hapus karakter itu lalu kirim ulang.',
    'input.lone_surrogate': 'Isian ini berisi karakter yang tidak valid (surrogate UTF-16 tanpa pasangan). Ketik ulang isian ini.',
    'input.line_break': 'Isian ini harus satu baris, tanpa ganti baris.',
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
    'input.nul_character': 'This field contains a NUL character, which is not allowed. Remove it and send again.',
    'input.lone_surrogate': 'This field contains an invalid character (an unpaired UTF-16 surrogate). Type it again.',
    'input.line_break': 'This field must be a single line, without line breaks.',
    'http.error_title': 'Something went wrong',
    'http.back_home': 'Back to the home page',
  },
});
