import { registerDictionary } from '../../platform/i18n/i18n';

registerDictionary({
  id: {
    'labels.not_found': 'Label tidak ditemukan.',
    'labels.unknown': 'Pilih label yang ada.',
    'labels.name_required': 'Tulis nama label.',
    'labels.name_one_line': 'Nama label harus satu baris.',
    'labels.name_too_long': 'Nama label terlalu panjang: maksimal {max} karakter.',
    'labels.name_taken': 'Sudah ada label dengan nama ini.',
    'labels.colour_invalid': 'Warna harus berbentuk #rrggbb, misalnya #1d4ed8.',
    'labels.already_on_case': 'Label ini sudah ada pada kasus.',
    'labels.not_on_case': 'Label ini tidak ada pada kasus.',
  },
  en: {
    'labels.not_found': 'Label not found.',
    'labels.unknown': 'Choose an existing label.',
    'labels.name_required': 'Write the label’s name.',
    'labels.name_one_line': 'A label’s name must be one line.',
    'labels.name_too_long': 'The label’s name is too long: at most {max} characters.',
    'labels.name_taken': 'A label with this name already exists.',
    'labels.colour_invalid': 'The colour must be written #rrggbb, for example #1d4ed8.',
    'labels.already_on_case': 'The case already has this label.',
    'labels.not_on_case': 'The case does not have this label.',
  },
});
