import { registerDictionary } from '../platform/i18n/i18n';

/** Messages of the admin's staff account management (staff.service.ts, staff-accounts.errors.ts). */
registerDictionary({
  id: {
    'staff.not_found': 'Akun staf tidak ditemukan.',
    'staff.role_unknown': 'Peran tidak dikenal: {role}.',
    'staff.cannot_deactivate_self': 'Anda tidak dapat menonaktifkan akun Anda sendiri.',
    'staff.last_admin': 'Harus tetap ada minimal satu admin aktif: peran admin akun ini tidak dapat dicabut dan akun ini tidak dapat dinonaktifkan.',
    'staff.cannot_reset_self': 'Kata sandi Anda sendiri tidak dapat diatur ulang di sini; gunakan menu Ganti kata sandi.',
    'staff.cannot_reset_own_2fa': 'Verifikasi dua langkah Anda sendiri tidak dapat diatur ulang di sini; minta admin lain.',
    'staff.escrow_key_required': 'Masukkan kunci privat escrow.',
    'staff.escrow_key_malformed': 'Kunci escrow harus 44 karakter base64, persis seperti yang dicetak saat pertama kali sistem dijalankan.',
    'staff.escrow_key_wrong': 'Ini bukan kunci escrow organisasi. Tidak ada yang diubah.',
    'staff.escrow_record_unusable': 'Kunci akun ini tidak dapat dibuka dengan kunci escrow organisasi. Tidak ada yang diubah; hubungi pengelola sistem.',
    'staff.cannot_change_own_access': 'Anda tidak dapat mengubah peran, OPD, atau status aktif akun Anda sendiri; minta admin lain. Tidak ada yang diubah.',
    'staff.custodian_exclusive': 'Peran kustodian identitas tidak boleh digabung dengan peran lain: akun kustodian hanya memegang peran kustodian.',
    'staff.grant_not_found': 'Usulan peran ini tidak ditemukan.',
    'staff.grant_already_decided': 'Usulan peran ini sudah diputuskan admin lain.',
    'staff.grant_needs_second_admin': 'Usulan peran harus dikonfirmasi admin lain, bukan admin yang mengusulkannya.',
  },
  en: {
    'staff.not_found': 'Staff account not found.',
    'staff.role_unknown': 'Unknown role: {role}.',
    'staff.cannot_deactivate_self': 'You cannot deactivate your own account.',
    'staff.last_admin': 'At least one active admin must remain: this account cannot lose its admin role or be deactivated.',
    'staff.cannot_reset_self': 'Your own password cannot be reset here; use Change password.',
    'staff.cannot_reset_own_2fa': 'Your own two-step sign-in cannot be reset here; ask another admin.',
    'staff.escrow_key_required': 'Enter the escrow private key.',
    'staff.escrow_key_malformed': 'The escrow key is 44 base64 characters, exactly as printed at first start.',
    'staff.escrow_key_wrong': 'This is not the organisation\'s escrow key. Nothing was changed.',
    'staff.escrow_record_unusable': 'This account\'s key cannot be opened with the organisation\'s escrow key. Nothing was changed; contact the system operator.',
    'staff.cannot_change_own_access': 'You cannot change your own roles, OPD or active status; ask another admin. Nothing was changed.',
    'staff.custodian_exclusive': 'The identity custodian role cannot be combined with another role: a custodian account holds the custodian role only.',
    'staff.grant_not_found': 'This role grant was not found.',
    'staff.grant_already_decided': 'This role grant was already decided by another admin.',
    'staff.grant_needs_second_admin': 'A role grant must be confirmed by another admin, not the one who proposed it.',
  },
});
