// The staff module's public surface (docs/architecture.md): other modules import only this
// file and events/ (the ESLint rule wbs/module-boundaries enforces it).
export * from './auth.service';
export * from './auth/current-staff.decorator';
export * from './auth/staff-auth.guard';
export * from './auth/staff-api.decorator';
export * from './auth/staff-jwt.strategy';
export * from './escrow-key-file';
export * from './escrow-share-files';
export * from './escrow-shares';
export * from './escrow.service';
export * from './first-start.service';
export * from './role';
export * from './staff-accounts.errors';
export * from './staff-ref';
import './staff.i18n';
export * from './staff.service';
export * from './staff-directory.repository';
export * from './app-settings.repository';
export * from './opd-check';
export * from './auth/staff-page.interceptor';
export * from './auth/staff-pages.decorator';
