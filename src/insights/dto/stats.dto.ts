import { CHANNELS, OPEN_STATUSES, OUTCOMES } from '../../cases';
import { bodySchema, BodySpec, FieldSpec, namedSchema } from '../../platform/http/body-schema';

/** The statistics dashboard's answer, for the OpenAPI document (it is no input: nothing reads it). */

/** A count too small to publish (STATS_MIN_GROUP): the group has at least 1 and fewer than `below` cases. */
export const HIDDEN = namedSchema('HiddenDto', bodySchema({ hidden: { type: 'boolean', required: true, enum: [true] }, below: { type: 'number', required: true, example: 3 } }));

const count = (description: string): FieldSpec => ({ type: 'integer', required: true, description, oneOf: [{ type: 'integer', minimum: 0 }, HIDDEN] });
const measure = (description: string): FieldSpec => ({ type: 'number', required: true, nullable: true, description, oneOf: [{ type: 'number' }, HIDDEN] });
/** Every field of these shapes is always present. */
const shape = (name: string, spec: BodySpec): { $ref: string } => namedSchema(name, bodySchema(spec));
const list = (items: { $ref: string }, description?: string): FieldSpec => ({ type: 'array', required: true, items, description });
const part = (ref: { $ref: string }, description?: string): FieldSpec => ({ type: 'object', required: true, ref, description });
const text = (extra: Partial<FieldSpec> = {}): FieldSpec => ({ type: 'string', required: true, ...extra });
const opdCode = text({ example: 'DINKES', nullable: true, description: 'null: reports naming no OPD' });
const opdName = text({ example: 'Dinas Kesehatan', nullable: true });

const FILTERS = shape('StatsFiltersDto', {
  from: text({ example: '2025-12-01', description: 'First local day (TZ_NAME) of the period' }),
  to: text({ example: '2026-11-28', description: 'Last local day of the period, included' }),
  category: { type: 'string', example: 'corruption', nullable: true },
});

const REPORTS = shape('ReportsDto', {
  total: count('Reports submitted in the period'),
  byMonth: list(shape('MonthCountDto', { month: text({ example: '2026-01' }), count: count('Reports submitted in that month') }), 'Every month the period touches, zeros included'),
  byCategory: list(
    shape('CategoryCountDto', {
      code: text({ example: 'corruption' }),
      name: text({ example: 'Korupsi', description: 'In the request language (`?lang=en`)' }),
      count: count('Reports in that category'),
    }),
  ),
  byOpd: list(shape('OpdCountDto', { code: opdCode, name: opdName, count: count('Reports about that OPD') }), 'OPDs with at least one report; shown groups by count, then hidden ones by name'),
  byChannel: list(shape('ChannelCountDto', { channel: text({ enum: [...CHANNELS] }), count: count('Reports through that channel') })),
  byOpdCategory: list(
    shape('OpdCategoryCountDto', {
      opdCode,
      opdName,
      categoryCode: text({ example: 'corruption' }),
      categoryName: text({ example: 'Korupsi' }),
      count: count('Reports about that OPD in that category; always under the small-group rule'),
    }),
    'The OPD × category table: pairs with reports, by OPD name then category',
  ),
});

const OPEN = shape('OpenDto', {
  total: count('Cases open now (not tied to the period)'),
  byStatus: list(shape('StatusCountDto', { status: text({ enum: [...OPEN_STATUSES] }), count: count('Open cases in that status now') })),
  byInspector: list(shape('InspectorCountDto', { staffId: text({ format: 'uuid' }), name: text(), count: count('Open cases assigned to that inspector now') })),
  unassigned: count('Open cases with no inspector assigned'),
});

const VERIFICATION = shape('VerificationDto', {
  completed: count('Moves from received or verifying to investigating or closed in the period'),
  withinSlaShare: measure('Share (0 to 1) without a verification breach due before the move; null when none completed'),
  medianDays: measure('Median days from submission to the move (whole hours, one decimal); null when none completed'),
});

const INVESTIGATION = shape('InvestigationDto', {
  completed: count('Moves from investigating to closed in the period'),
  withinSlaShare: measure('Share (0 to 1) without an investigation breach due before the move'),
});

const CLOSURE = shape('ClosureDto', {
  closed: count('Moves to closed in the period'),
  medianDays: measure('Median days from submission to closing'),
  byOutcome: list(
    shape('OutcomeCountDto', {
      outcome: text({ enum: [...OUTCOMES] }),
      count: count('Closings with that outcome in the period'),
    }),
  ),
});

const BREACHES = shape('BreachesDto', {
  total: count('Breaches not over yet (now, not tied to the period)'),
  byKind: list(shape('BreachKindCountDto', { kind: text({ enum: ['verification', 'investigation', 'feedback'] }), count: count('Breaches of that deadline kind not over yet') })),
});

const LABEL_COUNT = shape('LabelCountDto', {
  id: text({ format: 'uuid' }),
  name: text({ example: 'Mendesak', description: 'As the supervisors named it (metadata, not case content)' }),
  colour: text({ example: '#b91c1c', pattern: '^#[0-9a-f]{6}$' }),
  open: count('Open cases carrying the label now (not tied to the period)'),
  all: count('Cases submitted in the period carrying the label'),
});

export const STATS_DASHBOARD = shape('StatsDashboardDto', {
  filters: part(FILTERS, 'The filters applied, defaults filled in'),
  minGroup: { type: 'number', required: true, example: 3, description: 'STATS_MIN_GROUP' },
  smallGroupTables: {
    type: 'array',
    required: true,
    items: { type: 'string', enum: ['reports', 'opd_by_category', 'open', 'inspectors', 'decisions', 'breaches', 'satisfaction', 'labels'] },
    description:
      'The tables whose small groups are hidden for this reader. A supervisor sees in full what the inbox and the assignment form already show them ' +
      '(reports, open cases, caseloads, decisions, breaches, labels); the OPD × category table and the ratings are always under the rule, and so is everything for auditors and in exports.',
  },
  generatedAt: text({ format: 'date-time' }),
  reports: part(REPORTS),
  open: part(OPEN),
  verification: part(VERIFICATION),
  investigation: part(INVESTIGATION),
  closure: part(CLOSURE),
  breaches: part(BREACHES),
  byLabel: list(LABEL_COUNT, 'Every label, by name'),
});
