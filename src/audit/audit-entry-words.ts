import '../alerts';
import { hasKey, Lang, t } from '../platform/i18n/i18n';
import { AUDIT_ACTIONS } from './audit-actions';
import type { AuditRow } from './audit-query.service';
// The names of case statuses and outcomes that details carry as codes.
import '../cases';
import '../cases';
import './audit.i18n';

/** Staff names and case numbers for the ids an entry holds. */
export type IdNames = ReadonlyMap<string, string>;

export interface EntryInWords {
  sentence: string;
  details: { label: string; value: string }[];
}

export interface ActionChoice {
  value: string;
  label: string;
  selected: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;
/** Detail fields whose codes the app already names (case statuses and outcomes). */
const CODE_NAMES: Readonly<Record<string, string>> = { from: 'status', to: 'status', outcome: 'outcome', alert: 'alerts.kind' };

/** How detail values are written: the page's language, the inspectorate's time zone. */
interface Reading {
  lang: Lang;
  timeZone: string;
  names: IdNames;
}

/**
 * An entry as a sentence ("Budi membuka kasus WBS-2026-00002") with its detail as labelled
 * values. Entries hold ids and clear metadata only, so nothing here can show case content.
 */
export function entryInWords(lang: Lang, row: AuditRow, names: IdNames, timeZone: string): EntryInWords {
  const actor = row.actorType === 'staff' ? ((row.actorId ? names.get(row.actorId) : undefined) ?? row.actorEmail ?? row.actorId ?? '?') : t(lang, `audit.who.${row.actorType}`);
  // Some actions read differently by who recorded them (a failed staff sign-in noted by the system).
  const variant = `audit.do.${row.action}.${row.actorType}`;
  const key = hasKey(variant) ? variant : `audit.do.${row.action}`;
  const sentence = hasKey(key) ? t(lang, key, { actor, case: row.caseNumber ?? '—' }) : `${actor}: ${row.action}`;
  const reading = { lang, timeZone, names };
  return { sentence, details: Object.entries(row.detail).map(([k, v]) => ({ label: labelOf(lang, k), value: valueOf(reading, k, v) })) };
}

/** Every id an entry names (its actor, ids in its detail), to look their names up at once. */
export function idsIn(rows: readonly AuditRow[]): string[] {
  const ids = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string' && UUID.test(v)) ids.add(v.toLowerCase());
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  for (const r of rows) {
    if (r.actorId) ids.add(r.actorId);
    walk(r.detail);
  }
  return [...ids];
}

/**
 * The action filter's options: every known action by its readable name, and a value typed into
 * the URL (an area such as `case`, kept by the filter's semantics) shown as it is.
 */
export function actionChoices(lang: Lang, current: string | undefined): ActionChoice[] {
  const known = AUDIT_ACTIONS.map((a) => ({ value: a as string, label: actionName(lang, a), selected: a === current })).sort((x, y) => x.label.localeCompare(y.label, lang));
  return current && !known.some((c) => c.selected) ? [{ value: current, label: current, selected: true }, ...known] : known;
}

/** The action's phrase without its actor: "Membuka kasus …". */
export function actionName(lang: Lang, action: string): string {
  const s = t(lang, `audit.do.${action}`, { actor: '', case: '…' }).trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function labelOf(lang: Lang, key: string): string {
  return hasKey(`audit.key.${key}`) ? t(lang, `audit.key.${key}`) : key;
}

function valueOf(r: Reading, key: string, v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return t(r.lang, v ? 'audit.yes' : 'audit.no');
  if (typeof v === 'string') {
    const code = CODE_NAMES[key] ? `${CODE_NAMES[key]}.${v}` : '';
    if (code && hasKey(code)) return t(r.lang, code);
    if (INSTANT.test(v)) return new Intl.DateTimeFormat(r.lang === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'medium', timeStyle: 'short', timeZone: r.timeZone }).format(new Date(v));
    return r.names.get(v.toLowerCase()) ?? v;
  }
  if (Array.isArray(v)) return v.map((x) => valueOf(r, key, x)).join(', ');
  if (typeof v === 'object')
    return Object.entries(v)
      .map(([k, x]) => `${labelOf(r.lang, k)}: ${valueOf(r, k, x)}`)
      .join('; ');
  return String(v);
}
