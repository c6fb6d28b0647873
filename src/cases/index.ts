// The cases module's public surface (docs/architecture.md): other modules import only this
// file and events/ (the ESLint rule wbs/module-boundaries enforces it).
export * from './case-access.service';
export * from './case-store';
export * from './case-retention.repository';
export * from './case.types';
export * from './cases.errors';
import './cases.i18n';
export * from './identity-requests.service';
export * from './sla/holidays.service';
export * from './sla/sla-policies.service';
export * from './sla/sla-policy';
export * from './sla/sla-sweep.job';
import './workflow.i18n';
export * from './workflow/case-workflow';
export * from './cases.service';
export * from './case-reference';
export * from './workflow/decision-stage';
export * from './reporter-case.repository';
export * from './case-directory.repository';
