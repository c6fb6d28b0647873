import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EventPublisher } from '../platform/events';
import { FieldErrors, Forbidden, ValidationFailed } from '../platform/http/domain-error';
import type { Lang } from '../platform/i18n/i18n';
import { Role } from '../staff';
import { hasRole, type OpdCheck, type StaffRef } from '../staff';
import { CategoryNotFound, CodeTaken, LastActiveCategory, OpdNotFound } from './catalog.errors';
import { CatalogChange, CategoryChanged, OpdChanged } from './events/catalog-events';
import { CategoriesRepository, CategoryTexts } from './categories.repository';
import { OpdsRepository } from './opds.repository';

export interface CatalogEntry {
  code: string;
  name: string;
  description?: string;
}

/** A category as admins see and edit it, active or not. */
export interface CategoryRecord {
  code: string;
  nameId: string;
  nameEn: string;
  descriptionId: string;
  descriptionEn: string;
  sortOrder: number;
  active: boolean;
}

/** An admin's category input; an absent field stays as it is (on add, descriptions may be absent). */
export interface CategoryInput {
  code?: string;
  nameId?: string;
  nameEn?: string;
  descriptionId?: string;
  descriptionEn?: string;
}

export const OPD_KINDS = ['unit', 'kecamatan', 'kelurahan', 'rsud', 'bumd', 'other'] as const;
export type OpdKind = (typeof OPD_KINDS)[number];

export interface OpdRecord {
  code: string;
  name: string;
  kind: OpdKind;
  active: boolean;
}

export interface OpdInput {
  code?: string;
  name?: string;
  kind?: string;
}

// The same rules as the CHECK constraints of the reporter-channel migration, checked here first
// so a form gets an error beside each field instead of a failed statement.
const CATEGORY_CODE = /^[a-z][a-z0-9_]{1,39}$/;
const OPD_CODE = /^[A-Z0-9][A-Z0-9-]{1,39}$/;
const CATEGORY_NAME = { min: 2, max: 120 };
const OPD_NAME = { min: 2, max: 200 };
const DESCRIPTION_MAX = 500;

/** Reference data that routes reports: categories and the city's OPDs (perangkat daerah). */
@Injectable()
export class CatalogService implements OpdCheck {
  private readonly log = new Logger(CatalogService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventPublisher,
    private readonly categoryRows: CategoriesRepository,
    private readonly opdRows: OpdsRepository,
  ) {}

  async categories(lang: Lang): Promise<CatalogEntry[]> {
    const rows = await this.categoryRows.active();
    return rows.map((r) => ({
      code: r.code,
      name: lang === 'en' ? r.nameEn : r.nameId,
      description: lang === 'en' ? r.descriptionEn : r.descriptionId,
    }));
  }

  /** OPD names are proper names of Indonesian bodies: the same in both languages. */
  async opds(): Promise<CatalogEntry[]> {
    return this.opdRows.active();
  }

  async categoryName(code: string, lang: Lang): Promise<string | null> {
    const names = await this.categoryRows.names(code);
    return names ? (lang === 'en' ? names.nameEn : names.nameId) : null;
  }

  async opdName(code: string): Promise<string | null> {
    return this.opdRows.name(code);
  }

  /**
   * Whether the category and the OPD (if any) are active, from a copy of the active codes kept
   * for a few seconds: every submission checks them, and they change only when an admin edits
   * the lists. The foreign keys still refuse a code that is gone.
   */
  async checkCodes(categoryCode: string, opdCode: string | null): Promise<{ category: boolean; opd: boolean }> {
    const codes = await this.activeCodes();
    return { category: codes.categories.has(categoryCode), opd: opdCode === null || codes.opds.has(opdCode) };
  }

  private codes: { at: number; categories: Set<string>; opds: Set<string> } | null = null;
  private codesGeneration = 0;
  static readonly CODES_TTL_MS = 10_000;

  /**
   * Forgets the copy of the active codes, after an admin change committed here: this instance's
   * intake sees the change at once, other instances within CODES_TTL_MS.
   */
  invalidateCodes(): void {
    this.codes = null;
    this.codesGeneration++;
  }

  private async activeCodes() {
    if (this.codes && Date.now() - this.codes.at < CatalogService.CODES_TTL_MS) return this.codes;
    const generation = this.codesGeneration;
    const row = await this.categoryRows.activeCodes();
    const codes = { at: Date.now(), categories: new Set(row.categories), opds: new Set(row.opds) };
    // A read that overlapped a change may predate it: use it for this call, do not keep it.
    if (generation === this.codesGeneration) this.codes = codes;
    return codes;
  }

  // ---- Admin: categories and OPDs (DESIGN.md §1). Codes never change once created: cases,
  // statistics and integrations refer to them. Deactivated entries stay for old cases.

  async allCategories(actor: StaffRef): Promise<CategoryRecord[]> {
    assertAdmin(actor);
    return this.categoryRows.all();
  }

  async category(actor: StaffRef, code: string): Promise<CategoryRecord> {
    assertAdmin(actor);
    const record = await this.categoryRows.find(code);
    if (!record) throw new CategoryNotFound();
    return record;
  }

  /** A new category goes to the end of the list. */
  async addCategory(actor: StaffRef, input: CategoryInput): Promise<CategoryRecord> {
    assertAdmin(actor);
    const code = (input.code ?? '').trim();
    const values = { nameId: input.nameId ?? '', nameEn: input.nameEn ?? '', descriptionId: input.descriptionId ?? '', descriptionEn: input.descriptionEn ?? '' };
    const errors = new FieldErrors();
    if (!CATEGORY_CODE.test(code)) errors.add('code', 'catalog.category_code_invalid');
    categoryErrors(values, errors).throwIfAny();
    // Every text is present on add (absent ones default to empty above).
    const clean = trimmedCategory(values) as CategoryTexts;
    const record = await this.db.transaction(async (m) => {
      const added = await this.categoryRows.insert(m, code, clean);
      if (!added) throw new CodeTaken();
      await this.publishCategory(m, actor, added.code, 'added', true, ['code', ...CATEGORY_FIELDS.map((f) => f.field)]);
      return added;
    });
    this.invalidateCodes();
    return record;
  }

  /** Names (both languages) and descriptions; the code stays. */
  async updateCategory(actor: StaffRef, code: string, input: CategoryInput): Promise<CategoryRecord> {
    assertAdmin(actor);
    assertCodeUnchanged(input.code, code);
    categoryErrors(input).throwIfAny();
    const next = trimmedCategory(input);
    const record = await this.db.transaction(async (m) => {
      const current = await this.categoryRows.lock(m, code);
      if (!current) throw new CategoryNotFound();
      const merged = { ...current, ...definedOnly(next) };
      const changed = CATEGORY_FIELDS.filter((f) => merged[f.key] !== current[f.key]).map((f) => f.field);
      if (!changed.length) return current;
      await this.categoryRows.updateTexts(m, code, merged);
      await this.publishCategory(m, actor, code, 'updated', current.active, changed);
      return merged;
    });
    this.invalidateCodes();
    return record;
  }

  /** An inactive category leaves the public form, the meta API and intake; its cases keep it. */
  async setCategoryActive(actor: StaffRef, code: string, active: boolean): Promise<CategoryRecord> {
    assertAdmin(actor);
    const record = await this.db.transaction(async (m) => {
      // The active rows first, always in one order: two admins deactivating the last two
      // categories at once must not both succeed.
      const activeCodes = active ? [] : await this.categoryRows.lockActiveCodes(m);
      const current = await this.categoryRows.lock(m, code);
      if (!current) throw new CategoryNotFound();
      if (current.active === active) return current;
      if (!active && !activeCodes.some((c) => c !== code)) throw new LastActiveCategory();
      await this.categoryRows.setActive(m, code, active);
      await this.publishCategory(m, actor, code, active ? 'reactivated' : 'deactivated', active, ['active']);
      return { ...current, active };
    });
    this.invalidateCodes();
    return record;
  }

  async allOpds(actor: StaffRef): Promise<OpdRecord[]> {
    assertAdmin(actor);
    return this.opdRows.all();
  }

  async opd(actor: StaffRef, code: string): Promise<OpdRecord> {
    assertAdmin(actor);
    const record = await this.opdRows.find(code);
    if (!record) throw new OpdNotFound();
    return record;
  }

  async addOpd(actor: StaffRef, input: OpdInput): Promise<OpdRecord> {
    assertAdmin(actor);
    const code = (input.code ?? '').trim();
    const values = { name: input.name ?? '', kind: input.kind ?? '' };
    const errors = new FieldErrors();
    if (!OPD_CODE.test(code)) errors.add('code', 'catalog.opd_code_invalid');
    opdErrors(values, errors).throwIfAny();
    const record = await this.db.transaction(async (m) => {
      const row = await this.opdRows.insert(m, { code, name: values.name.trim(), kind: values.kind });
      if (!row) throw new CodeTaken();
      await this.publishOpd(m, actor, row, 'added', ['code', 'name', 'kind']);
      return row;
    });
    this.invalidateCodes();
    return record;
  }

  /** Name and kind; the code stays. */
  async updateOpd(actor: StaffRef, code: string, input: OpdInput): Promise<OpdRecord> {
    assertAdmin(actor);
    assertCodeUnchanged(input.code, code);
    opdErrors(input).throwIfAny();
    const record = await this.db.transaction(async (m) => {
      const current = await this.opdRows.lock(m, code);
      if (!current) throw new OpdNotFound();
      const next: OpdRecord = { ...current, name: input.name?.trim() ?? current.name, kind: (input.kind as OpdKind | undefined) ?? current.kind };
      const changed = (['name', 'kind'] as const).filter((f) => next[f] !== current[f]);
      if (!changed.length) return current;
      await this.opdRows.update(m, code, next);
      await this.publishOpd(m, actor, next, 'updated', [...changed]);
      return next;
    });
    this.invalidateCodes();
    return record;
  }

  /** An inactive OPD leaves the public form and the meta API; its cases and staff keep it. */
  async setOpdActive(actor: StaffRef, code: string, active: boolean): Promise<OpdRecord> {
    assertAdmin(actor);
    const record = await this.db.transaction(async (m) => {
      const current = await this.opdRows.lock(m, code);
      if (!current) throw new OpdNotFound();
      if (current.active === active) return current;
      await this.opdRows.setActive(m, code, active);
      const next = { ...current, active };
      await this.publishOpd(m, actor, next, active ? 'reactivated' : 'deactivated', ['active']);
      return next;
    });
    this.invalidateCodes();
    return record;
  }

  /** Whether an OPD with this code exists, active or not (a staff member's OPD may be inactive). */
  opdExists(code: string, m?: EntityManager): Promise<boolean> {
    return this.opdRows.exists(code, m);
  }

  private async publishCategory(m: EntityManager, actor: StaffRef, code: string, change: CatalogChange, active: boolean, changed: string[]) {
    await this.events.publish(m, new CategoryChanged({ code, actorId: actor.id, change, active, changed }));
    this.log.log(`category ${code} ${change} by ${actor.id}`);
  }

  private async publishOpd(m: EntityManager, actor: StaffRef, opd: OpdRecord, change: CatalogChange, changed: string[]) {
    await this.events.publish(m, new OpdChanged({ code: opd.code, actorId: actor.id, change, active: opd.active, kind: opd.kind, changed }));
    this.log.log(`OPD ${opd.code} ${change} by ${actor.id}`);
  }
}

/** The editable texts of a category: record key, form field, limits. */
const CATEGORY_FIELDS = [
  { key: 'nameId', field: 'name_id', min: CATEGORY_NAME.min, max: CATEGORY_NAME.max },
  { key: 'nameEn', field: 'name_en', min: CATEGORY_NAME.min, max: CATEGORY_NAME.max },
  { key: 'descriptionId', field: 'description_id', min: 0, max: DESCRIPTION_MAX },
  { key: 'descriptionEn', field: 'description_en', min: 0, max: DESCRIPTION_MAX },
] as const;

export function assertAdmin(actor: StaffRef): void {
  if (!hasRole(actor, Role.Admin)) throw new Forbidden();
}

function assertCodeUnchanged(given: string | undefined, code: string): void {
  if (given !== undefined && given.trim() !== code) throw new ValidationFailed([{ field: 'code', message: 'catalog.code_immutable' }]);
}

/** Lengths as the database counts them (characters, after trimming); absent fields are not checked. */
function categoryErrors(input: CategoryInput, errors = new FieldErrors()): FieldErrors {
  for (const f of CATEGORY_FIELDS) {
    const value = input[f.key];
    if (value === undefined) continue;
    const length = [...value.trim()].length;
    if (f.min > 0 && (length < f.min || length > f.max)) errors.add(f.field, 'catalog.name_length', { min: f.min, max: f.max });
    if (f.min === 0 && length > f.max) errors.add(f.field, 'catalog.description_too_long', { max: f.max });
  }
  return errors;
}

function trimmedCategory(input: CategoryInput): CategoryInput {
  return {
    nameId: input.nameId?.trim(),
    nameEn: input.nameEn?.trim(),
    descriptionId: input.descriptionId?.trim(),
    descriptionEn: input.descriptionEn?.trim(),
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function opdErrors(input: OpdInput, errors = new FieldErrors()): FieldErrors {
  if (input.name !== undefined) {
    const length = [...input.name.trim()].length;
    if (length < OPD_NAME.min || length > OPD_NAME.max) errors.add('name', 'catalog.name_length', OPD_NAME);
  }
  if (input.kind !== undefined && !(OPD_KINDS as readonly string[]).includes(input.kind)) errors.add('kind', 'catalog.kind_invalid');
  return errors;
}
