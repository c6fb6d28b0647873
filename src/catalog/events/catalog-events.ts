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
