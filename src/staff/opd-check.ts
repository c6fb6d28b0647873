import type { EntityManager } from 'typeorm';

/**
 * The one question staff asks catalog: whether a member's OPD exists. Staff defines it and
 * catalog answers it (CatalogModule binds it to CatalogService), because catalog already
 * depends on staff for its admin rule and an import the other way would be a cycle.
 */
export abstract class OpdCheck {
  /** Whether an OPD with this code exists, active or not. */
  abstract opdExists(code: string, m?: EntityManager): Promise<boolean>;
}
