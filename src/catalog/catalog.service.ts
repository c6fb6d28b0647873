import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EventPublisher } from '../platform/events';
import { FieldErrors, Forbidden, ValidationFailed } from '../platform/http/domain-error';
import type { Lang } from '../platform/i18n/i18n';
import { Role } from '../staff';
import { hasRole, type StaffRef } from '../staff';
import { CategoryNotFound, CodeTaken, LastActiveCategory, OpdNotFound } from './catalog.errors';
import { CatalogChange, CategoryChanged, OpdChanged } from './events/catalog-events';

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
export class CatalogService {
  private readonly log = new Logger(CatalogService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventPublisher,
  ) {}

  async categories(lang: Lang): Promise<CatalogEntry[]> {
    const rows: { code: string; name_id: string; name_en: string; description_id: string; description_en: string }[] = await this.db.query(
      `SELECT code, name_id, name_en, description_id, description_en FROM categories WHERE active ORDER BY sort_order, code`,
    );
    return rows.map((r) => ({
      code: r.code,
      name: lang === 'en' ? r.name_en : r.name_id,
      description: lang === 'en' ? r.description_en : r.description_id,
    }));
  }

  /** OPD names are proper names of Indonesian bodies: the same in both languages. */
  async opds(): Promise<CatalogEntry[]> {
    return this.db.query(`SELECT code, name FROM opds WHERE active ORDER BY kind, name`);
  }

  async categoryName(code: string, lang: Lang): Promise<string | null> {
    const [row] = await this.db.query(`SELECT name_id, name_en FROM categories WHERE code = $1`, [code]);
    return row ? (lang === 'en' ? row.name_en : row.name_id) : null;
  }

  async opdName(code: string): Promise<string | null> {
    const [row] = await this.db.query(`SELECT name FROM opds WHERE code = $1`, [code]);
    return row?.name ?? null;
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
    const [row]: { categories: string[]; opds: string[] }[] = await this.db.query(
      `SELECT ARRAY(SELECT code FROM categories WHERE active) AS categories, ARRAY(SELECT code FROM opds WHERE active) AS opds`,
    );
    const codes = { at: Date.now(), categories: new Set(row.categories), opds: new Set(row.opds) };
    // A read that overlapped a change may predate it: use it for this call, do not keep it.
    if (generation === this.codesGeneration) this.codes = codes;
    return codes;
  }

  // ---- Admin: categories and OPDs (DESIGN.md §1). Codes never change once created: cases,
  // statistics and integrations refer to them. Deactivated entries stay for old cases.

  async allCategories(actor: StaffRef): Promise<CategoryRecord[]> {
    assertAdmin(actor);
    const rows: CategoryRow[] = await this.db.query(`SELECT ${CATEGORY_COLUMNS} FROM categories ORDER BY sort_order, code`);
    return rows.map(toCategory);
  }

  async category(actor: StaffRef, code: string): Promise<CategoryRecord> {
    assertAdmin(actor);
    const [row]: CategoryRow[] = await this.db.query(`SELECT ${CATEGORY_COLUMNS} FROM categories WHERE code = $1`, [code]);
    if (!row) throw new CategoryNotFound();
    return toCategory(row);
  }

  /** A new category goes to the end of the list. */
  async addCategory(actor: StaffRef, input: CategoryInput): Promise<CategoryRecord> {
    assertAdmin(actor);
    const code = (input.code ?? '').trim();
    const values = { nameId: input.nameId ?? '', nameEn: input.nameEn ?? '', descriptionId: input.descriptionId ?? '', descriptionEn: input.descriptionEn ?? '' };
    const errors = new FieldErrors();
    if (!CATEGORY_CODE.test(code)) errors.add('code', 'catalog.category_code_invalid');
    categoryErrors(values, errors).throwIfAny();
    const clean = trimmedCategory(values);
    const record = await this.db.transaction(async (m) => {
      const [row]: CategoryRow[] = await m.query(
        `WITH i AS (
           INSERT INTO categories (code, name_id, name_en, description_id, description_en, sort_order)
           SELECT $1, $2, $3, $4, $5, COALESCE(max(sort_order), 0) + 10 FROM categories
           ON CONFLICT (code) DO NOTHING
           RETURNING ${CATEGORY_COLUMNS}
         ) SELECT * FROM i`,
        [code, clean.nameId, clean.nameEn, clean.descriptionId, clean.descriptionEn],
      );
      if (!row) throw new CodeTaken();
      await this.publishCategory(m, actor, row.code, 'added', true, ['code', ...CATEGORY_FIELDS.map((f) => f.field)]);
      return toCategory(row);
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
      const [row]: CategoryRow[] = await m.query(`SELECT ${CATEGORY_COLUMNS} FROM categories WHERE code = $1 FOR UPDATE`, [code]);
      if (!row) throw new CategoryNotFound();
      const current = toCategory(row);
      const merged = { ...current, ...definedOnly(next) };
      const changed = CATEGORY_FIELDS.filter((f) => merged[f.key] !== current[f.key]).map((f) => f.field);
      if (!changed.length) return current;
      await m.query(`UPDATE categories SET name_id = $2, name_en = $3, description_id = $4, description_en = $5 WHERE code = $1`, [
        code,
        merged.nameId,
        merged.nameEn,
        merged.descriptionId,
        merged.descriptionEn,
      ]);
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
      const activeCodes: { code: string }[] = active ? [] : await m.query(`SELECT code FROM categories WHERE active ORDER BY code FOR UPDATE`);
      const [row]: CategoryRow[] = await m.query(`SELECT ${CATEGORY_COLUMNS} FROM categories WHERE code = $1 FOR UPDATE`, [code]);
      if (!row) throw new CategoryNotFound();
      if (row.active === active) return toCategory(row);
      if (!active && !activeCodes.some((c) => c.code !== code)) throw new LastActiveCategory();
      await m.query(`UPDATE categories SET active = $2 WHERE code = $1`, [code, active]);
      await this.publishCategory(m, actor, code, active ? 'reactivated' : 'deactivated', active, ['active']);
      return { ...toCategory(row), active };
    });
    this.invalidateCodes();
    return record;
  }

  async allOpds(actor: StaffRef): Promise<OpdRecord[]> {
    assertAdmin(actor);
    return this.db.query(`SELECT code, name, kind, active FROM opds ORDER BY kind, name, code`);
  }

  async opd(actor: StaffRef, code: string): Promise<OpdRecord> {
    assertAdmin(actor);
    const [row]: OpdRecord[] = await this.db.query(`SELECT code, name, kind, active FROM opds WHERE code = $1`, [code]);
    if (!row) throw new OpdNotFound();
    return row;
  }

  async addOpd(actor: StaffRef, input: OpdInput): Promise<OpdRecord> {
    assertAdmin(actor);
    const code = (input.code ?? '').trim();
    const values = { name: input.name ?? '', kind: input.kind ?? '' };
    const errors = new FieldErrors();
    if (!OPD_CODE.test(code)) errors.add('code', 'catalog.opd_code_invalid');
    opdErrors(values, errors).throwIfAny();
    const record = await this.db.transaction(async (m) => {
      const [row]: OpdRecord[] = await m.query(`WITH i AS (INSERT INTO opds (code, name, kind) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING code, name, kind, active) SELECT * FROM i`, [
        code,
        values.name.trim(),
        values.kind,
      ]);
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
      const [current]: OpdRecord[] = await m.query(`SELECT code, name, kind, active FROM opds WHERE code = $1 FOR UPDATE`, [code]);
      if (!current) throw new OpdNotFound();
      const next: OpdRecord = { ...current, name: input.name?.trim() ?? current.name, kind: (input.kind as OpdKind | undefined) ?? current.kind };
      const changed = (['name', 'kind'] as const).filter((f) => next[f] !== current[f]);
      if (!changed.length) return current;
      await m.query(`UPDATE opds SET name = $2, kind = $3 WHERE code = $1`, [code, next.name, next.kind]);
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
      const [current]: OpdRecord[] = await m.query(`SELECT code, name, kind, active FROM opds WHERE code = $1 FOR UPDATE`, [code]);
      if (!current) throw new OpdNotFound();
      if (current.active === active) return current;
      await m.query(`UPDATE opds SET active = $2 WHERE code = $1`, [code, active]);
      const next = { ...current, active };
      await this.publishOpd(m, actor, next, active ? 'reactivated' : 'deactivated', ['active']);
      return next;
    });
    this.invalidateCodes();
    return record;
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

interface CategoryRow {
  code: string;
  name_id: string;
  name_en: string;
  description_id: string;
  description_en: string;
  sort_order: number;
  active: boolean;
}

const CATEGORY_COLUMNS = 'code, name_id, name_en, description_id, description_en, sort_order, active';

/** The editable texts of a category: record key, form field, limits. */
const CATEGORY_FIELDS = [
  { key: 'nameId', field: 'name_id', min: CATEGORY_NAME.min, max: CATEGORY_NAME.max },
  { key: 'nameEn', field: 'name_en', min: CATEGORY_NAME.min, max: CATEGORY_NAME.max },
  { key: 'descriptionId', field: 'description_id', min: 0, max: DESCRIPTION_MAX },
  { key: 'descriptionEn', field: 'description_en', min: 0, max: DESCRIPTION_MAX },
] as const;

function toCategory(r: CategoryRow): CategoryRecord {
  return {
    code: r.code,
    nameId: r.name_id,
    nameEn: r.name_en,
    descriptionId: r.description_id,
    descriptionEn: r.description_en,
    sortOrder: r.sort_order,
    active: r.active,
  };
}

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
