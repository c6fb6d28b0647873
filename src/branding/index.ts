// The branding module's public surface (docs/architecture.md): other modules import only this
// file and events/ (the ESLint rule wbs/module-boundaries enforces it).
export * from './logo-check';
export * from './branding.service';
export * from './brand-view';
export * from './branding-fields';
export * from './branding-events';
