// The alerts module's public surface (docs/architecture.md): other modules import only this
// file and events/ (the ESLint rule wbs/module-boundaries enforces it).
import './events/alerts.i18n';
export * from './alerts.service';
export * from './alerts.repository';
export * from './events/alert-kinds';
