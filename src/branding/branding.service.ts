import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { Clock } from '../platform/clock/clock';
import { EventPublisher } from '../platform/events';
import { FieldError, Forbidden, ValidationFailed } from '../platform/http/domain-error';
import { textProblem } from '../platform/http/text-input';
import { Role } from '../staff';
import { hasRole, type StaffRef } from '../staff';
import { Brand, brandView, defaultBrand, logoUrl } from './brand-view';
import { BRAND_FIELDS, BRAND_VALUE_NAMES, BrandValues, defaultValues, valueNames } from './branding-fields';
import { refusedLinks } from './branding-markdown';
import { BrandingChanged } from './branding-events';
import { BrandingRepository, StoredBranding } from './branding.repository';
import { checkLogo, type Logo } from './logo-check';
import './branding.i18n';

/** What the admin page and the API show: every value (defaults filled in) and the logo, if any. */
export interface BrandingSettings {
  values: BrandValues;
  logo: { type: string; url: string } | null;
}

/** A logo change: a new file (bytes as uploaded, checked here), removal, or none. */
export type LogoChange = { upload: Buffer } | { remove: true } | null;

/** Digits with the usual separators, e.g. `(0401) 312 3456` or `+62 812-3456-7890`. */
const PHONE = /^\+?[0-9 ()-]{4,40}$/;

/**
 * The inspectorate's own name, contact details, texts and logo (issue 16). Pages read them on
 * every request, so they are kept in memory, rendered, and read again from the database every
 * TTL_MS: an admin's change shows at once on the instance that made it and within TTL_MS on the
 * others (the same as the catalogue's codes; docs/decisions.md).
 */
@Injectable()
export class BrandingService implements OnApplicationBootstrap {
  static readonly TTL_MS = 10_000;
  private readonly log = new Logger(BrandingService.name);
  private cached: { at: number; stored: StoredBranding; brand: Brand } | null = null;
  private generation = 0;
  private refreshing: Promise<unknown> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: BrandingRepository,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh().catch((e) => this.log.warn(`branding not read at start, defaults shown: ${(e as Error).message}`));
  }

  /** The brand as last read; a stale copy is refreshed in the background, so no request waits. */
  snapshot(): Brand {
    if (!this.cached || Date.now() - this.cached.at >= BrandingService.TTL_MS) this.refreshSoon();
    return this.cached?.brand ?? defaultBrand();
  }

  /** The brand, read again first when the copy is stale (for work that is not a page view). */
  async current(): Promise<Brand> {
    if (!this.cached || Date.now() - this.cached.at >= BrandingService.TTL_MS) await this.refresh();
    return this.cached!.brand;
  }

  /** Express middleware: every page's layout reads `brand` from res.locals. */
  readonly pageLocals = (_req: Request, res: Response, next: NextFunction): void => {
    res.locals.brand = this.snapshot();
    next();
  };

  /** The uploaded logo named by its hash; read again once if this copy is older than the name. */
  async logo(hash: string): Promise<Logo | null> {
    if (this.cached?.stored.logo?.hash !== hash) await this.refresh();
    const logo = this.cached?.stored.logo ?? null;
    return logo?.hash === hash ? logo : null;
  }

  async settings(actor: StaffRef): Promise<BrandingSettings> {
    assertAdmin(actor);
    return toSettings(await this.repo.load());
  }

  /**
   * The page as it would look with these values, nothing stored. Checks everything `update` checks,
   * the logo included, so a preview that passes saves.
   */
  async preview(actor: StaffRef, input: BrandValues, logo: LogoChange): Promise<{ values: BrandValues; brand: Brand; logoDataUrl: string | null }> {
    assertAdmin(actor);
    const stored = await this.repo.load();
    const values = { ...defaultValues(), ...stored.texts, ...pick(input) };
    const { errors, newLogo } = await checkAll(values, logo);
    if (errors.length) throw new ValidationFailed(errors);
    const shownLogo = newLogo ?? ('remove' in (logo ?? {}) ? null : stored.logo);
    return {
      values,
      brand: brandView(values, shownLogo),
      logoDataUrl: newLogo ? `data:${newLogo.type};base64,${newLogo.bytes.toString('base64')}` : null,
    };
  }

  /** Saves the values given (absent ones stay) and the logo change, in one audited transaction. */
  async update(actor: StaffRef, input: BrandValues, logo: LogoChange): Promise<BrandingSettings> {
    assertAdmin(actor);
    const given = pick(input);
    const next = await this.db.transaction(async (m) => {
      const stored = await this.repo.load(m, true);
      const defaults = defaultValues();
      const before = { ...defaults, ...stored.texts };
      const values = { ...before, ...given };
      const { errors, newLogo } = await checkAll(values, logo);
      if (errors.length) throw new ValidationFailed(errors);
      const changed = BRAND_VALUE_NAMES.filter((name) => values[name] !== before[name]);
      const logoChange = newLogo && newLogo.hash !== stored.logo?.hash ? 'replaced' : logo && 'remove' in logo && stored.logo ? 'removed' : null;
      if (!changed.length && !logoChange) return stored;
      const saved: StoredBranding = {
        // Only what differs from the defaults, so an improved default still reaches the others.
        texts: Object.fromEntries(BRAND_VALUE_NAMES.filter((name) => values[name] !== defaults[name]).map((name) => [name, values[name]])),
        logo: logoChange === 'replaced' ? newLogo : logoChange === 'removed' ? null : stored.logo,
      };
      await this.repo.save(m, saved, this.clock.now(), actor.id);
      await this.events.publish(m, new BrandingChanged({ actorId: actor.id, changed, logo: logoChange }));
      this.log.log(`branding changed by ${actor.id}: ${[...changed, ...(logoChange ? [`logo ${logoChange}`] : [])].join(', ')}`);
      return saved;
    });
    this.keep(next);
    return toSettings(next);
  }

  private keep(stored: StoredBranding): void {
    this.generation++;
    this.cached = { at: Date.now(), stored, brand: brandView(stored.texts, stored.logo) };
  }

  private async refresh(): Promise<void> {
    const generation = this.generation;
    const stored = await this.repo.load();
    // A read that overlapped a change made here may predate it: keep the change.
    if (generation === this.generation) this.keep(stored);
  }

  private refreshSoon(): void {
    this.refreshing ??= this.refresh()
      .catch((e) => this.log.warn(`branding not read again, last copy kept: ${(e as Error).message}`))
      .finally(() => (this.refreshing = null));
  }
}

function assertAdmin(actor: StaffRef): void {
  if (!hasRole(actor, Role.Admin)) throw new Forbidden();
}

/** Only the names the settings know, as strings; single lines trimmed, texts trimmed at the ends. */
function pick(input: BrandValues): BrandValues {
  const out: BrandValues = {};
  for (const name of BRAND_VALUE_NAMES) {
    const value = input[name];
    if (typeof value === 'string') out[name] = value.replace(/\r\n?/g, '\n').trim();
  }
  return out;
}

async function checkAll(values: BrandValues, logo: LogoChange): Promise<{ errors: FieldError[]; newLogo: Logo | null }> {
  const errors = valueErrors(values);
  let newLogo: Logo | null = null;
  if (logo && 'upload' in logo) {
    try {
      newLogo = await checkLogo(logo.upload);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      errors.push(...e.errors);
    }
  }
  return { errors, newLogo };
}

/** One error per value, the first that applies, beside its field. */
export function valueErrors(values: BrandValues): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of BRAND_FIELDS) {
    for (const name of valueNames(field)) {
      const value = values[name] ?? '';
      const problem = textProblem(value, field.kind === 'line');
      const links = field.kind === 'blocks' || field.kind === 'inline' ? refusedLinks(value) : [];
      if (problem) errors.push({ field: name, message: problem });
      else if (field.required && !value) errors.push({ field: name, message: 'branding.required' });
      else if ([...value].length > field.max) errors.push({ field: name, message: 'branding.too_long', params: { max: field.max } });
      else if (field.key === 'phone' && value && !(PHONE.test(value) && /[0-9]{3}/.test(value))) errors.push({ field: name, message: 'branding.phone_invalid' });
      else if (links.length) errors.push({ field: name, message: 'branding.link_scheme', params: { link: links[0].slice(0, 60) } });
    }
  }
  return errors;
}

function toSettings(stored: StoredBranding): BrandingSettings {
  return {
    values: { ...defaultValues(), ...stored.texts },
    logo: stored.logo ? { type: stored.logo.type, url: logoUrl(stored.logo) } : null,
  };
}
