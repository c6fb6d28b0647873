import { NotFound } from '../../platform/http/domain-error';
import './questions.i18n';

export class QuestionNotFound extends NotFound {
  constructor() {
    super('question.not_found');
  }
}
