import { DomainEvent } from '../../platform/events';

/** What happened to a catalogue entry; the entry's texts are not carried, only its code. */
export type CatalogChange = 'added' | 'updated' | 'deactivated' | 'reactivated';

/** An admin added, edited, deactivated or reactivated a report category. */
export class CategoryChanged extends DomainEvent<{ code: string; actorId: string; change: CatalogChange; active: boolean; changed: string[] }> {
  static readonly type = 'catalog.category-changed';
}

/** An admin added, edited, deactivated or reactivated an OPD. */
export class OpdChanged extends DomainEvent<{ code: string; actorId: string; change: CatalogChange; active: boolean; kind: string; changed: string[] }> {
  static readonly type = 'catalog.opd-changed';
}

/** What happened to a category's extra question. */
export type QuestionChange = 'added' | 'updated' | 'retired' | 'reactivated' | 'moved';

/**
 * An admin added, edited, moved, retired or reactivated an extra question; `categoryCode` null:
 * a question for every category. The question's texts are not carried, only its id.
 */
export class QuestionChanged extends DomainEvent<{ questionId: string; categoryCode: string | null; actorId: string; change: QuestionChange; changed: string[] }> {
  static readonly type = 'catalog.question-changed';
}
