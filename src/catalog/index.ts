// The catalog module's public surface (docs/architecture.md): other modules import only this
// file and events/.
export * from './catalog.errors';
export * from './catalog.service';
export { CATEGORY_SEED } from './seed-data/categories';
export { default as OPD_SEED } from './seed-data/opds-kendari.json';
export * from './questions/questions.service';
export * from './questions/question.dto';
export * from './questions/question.types';
import './questions/questions.i18n';
export * from './questions/answer-lines';
export * from './questions/answers';
