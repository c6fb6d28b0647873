import type { Dictionary } from '../../i18n/i18n';

export const cryptoDictionary: Dictionary = {
  id: {
    'crypto.decryption_failed': 'Data terenkripsi tidak dapat dibuka. Silakan hubungi administrator.',
  },
  en: {
    'crypto.decryption_failed': 'Encrypted data could not be opened. Please contact the administrator.',
  },
};
