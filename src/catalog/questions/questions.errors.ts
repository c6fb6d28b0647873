import { NotFound } from '../../platform/http/domain-error';
import './questions.i18n';

export class QuestionNotFound extends NotFound.withMessage('question.not_found') {}
