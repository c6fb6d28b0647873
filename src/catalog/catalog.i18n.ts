import { registerDictionary } from '../platform/i18n/i18n';

registerDictionary({
  id: {
    'catalog.opd_unknown': 'Perangkat daerah tidak dikenal.',
    'catalog.category_not_found': 'Kategori tidak ditemukan.',
    'catalog.opd_not_found': 'Perangkat daerah tidak ditemukan.',
    'catalog.category_code_invalid': 'Kode: 2–40 karakter, huruf kecil a–z, angka dan garis bawah (_), diawali huruf. Contoh: pungli_sekolah.',
    'catalog.opd_code_invalid': 'Kode: 2–40 karakter, huruf kapital A–Z, angka dan tanda hubung (-), diawali huruf atau angka. Contoh: DINKES.',
    'catalog.code_taken': 'Kode ini sudah dipakai.',
    'catalog.code_immutable': 'Kode tidak dapat diubah setelah dibuat, karena dipakai oleh integrasi dan statistik.',
    'catalog.name_length': 'Nama wajib diisi: {min}–{max} karakter.',
    'catalog.description_too_long': 'Keterangan terlalu panjang: maksimal {max} karakter.',
    'catalog.kind_invalid': 'Pilih jenis perangkat daerah.',
    'catalog.last_category': 'Minimal satu kategori harus tetap aktif, agar laporan dapat diterima.',
  },
  en: {
    'catalog.opd_unknown': 'Unknown OPD.',
    'catalog.category_not_found': 'Category not found.',
    'catalog.opd_not_found': 'OPD not found.',
    'catalog.category_code_invalid': 'Code: 2–40 characters, lower-case letters a–z, digits and underscores (_), starting with a letter. Example: school_levy.',
    'catalog.opd_code_invalid': 'Code: 2–40 characters, capital letters A–Z, digits and dashes (-), starting with a letter or digit. Example: DINKES.',
    'catalog.code_taken': 'This code is already in use.',
    'catalog.code_immutable': 'A code cannot change once created: integrations and statistics rely on it.',
    'catalog.name_length': 'A name is required: {min}–{max} characters.',
    'catalog.description_too_long': 'The description is too long: at most {max} characters.',
    'catalog.kind_invalid': 'Choose the kind of OPD.',
    'catalog.last_category': 'At least one category must stay active, or no report can be filed.',
  },
});
