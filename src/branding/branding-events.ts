import { DomainEvent } from '../platform/events';

/**
 * An admin changed the inspectorate's name, texts or logo. `changed` lists the form names of the
 * values that changed (`org_name_id`, `landing_text_en`, …), never the texts themselves.
 */
export class BrandingChanged extends DomainEvent<{ actorId: string; changed: string[]; logo: 'replaced' | 'removed' | null }> {
  static readonly type = 'branding.settings-changed';
}
