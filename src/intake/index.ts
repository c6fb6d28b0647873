// The intake module's public surface (docs/architecture.md): other modules import only this
// file and events/ (the ESLint rule wbs/module-boundaries enforces it).
export * from './intake.service';
export * from './reporter-traces.repository';
import './intake.i18n';
