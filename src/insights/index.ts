// The insights module's public surface (docs/architecture.md): it offers nothing to other
// modules; the app wires its Nest module (insights.module.ts) directly.
export {};
export * from './median';
export * from './counts/insights-counts-rebuild';
