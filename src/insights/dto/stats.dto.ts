import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

/** A count too small to publish (STATS_MIN_GROUP): the group has at least 1 and fewer than `below` cases. */
export class HiddenDto {
  @ApiProperty({ enum: [true] }) hidden: true;
  @ApiProperty({ example: 3 }) below: number;
}

const count = (description: string) => ({ description, oneOf: [{ type: 'integer', minimum: 0 }, { $ref: getSchemaPath(HiddenDto) }] });
const measure = (description: string) => ({ description, nullable: true, oneOf: [{ type: 'number' }, { $ref: getSchemaPath(HiddenDto) }] });

export class StatsFiltersDto {
  @ApiProperty({ example: '2025-12-01', description: 'First local day (TZ_NAME) of the period' }) from: string;
  @ApiProperty({ example: '2026-11-28', description: 'Last local day of the period, included' }) to: string;
  @ApiPropertyOptional({ example: 'corruption', nullable: true, type: String }) category: string | null;
}

class MonthCountDto {
  @ApiProperty({ example: '2026-01' }) month: string;
  @ApiProperty(count('Reports submitted in that month')) count: number | HiddenDto;
}
class CategoryCountDto {
  @ApiProperty({ example: 'corruption' }) code: string;
  @ApiProperty({ example: 'Korupsi', description: 'In the request language (`?lang=en`)' }) name: string;
  @ApiProperty(count('Reports in that category')) count: number | HiddenDto;
}
class OpdCountDto {
  @ApiProperty({ example: 'DINKES', nullable: true, type: String, description: 'null: reports naming no OPD' }) code: string | null;
  @ApiProperty({ example: 'Dinas Kesehatan', nullable: true, type: String }) name: string | null;
  @ApiProperty(count('Reports about that OPD')) count: number | HiddenDto;
}
class ChannelCountDto {
  @ApiProperty({ enum: ['web', 'api', 'phone', 'letter', 'in_person', 'email'] }) channel: string;
  @ApiProperty(count('Reports through that channel')) count: number | HiddenDto;
}
class OpdCategoryCountDto {
  @ApiProperty({ example: 'DINKES', nullable: true, type: String, description: 'null: reports naming no OPD' }) opdCode: string | null;
  @ApiProperty({ example: 'Dinas Kesehatan', nullable: true, type: String }) opdName: string | null;
  @ApiProperty({ example: 'corruption' }) categoryCode: string;
  @ApiProperty({ example: 'Korupsi' }) categoryName: string;
  @ApiProperty(count('Reports about that OPD in that category; always under the small-group rule')) count: number | HiddenDto;
}
class ReportsDto {
  @ApiProperty(count('Reports submitted in the period')) total: number | HiddenDto;
  @ApiProperty({ type: [MonthCountDto], description: 'Every month the period touches, zeros included' }) byMonth: MonthCountDto[];
  @ApiProperty({ type: [CategoryCountDto] }) byCategory: CategoryCountDto[];
  @ApiProperty({ type: [OpdCountDto], description: 'OPDs with at least one report; shown groups by count, then hidden ones by name' }) byOpd: OpdCountDto[];
  @ApiProperty({ type: [ChannelCountDto] }) byChannel: ChannelCountDto[];
  @ApiProperty({ type: [OpdCategoryCountDto], description: 'The OPD × category table: pairs with reports, by OPD name then category' }) byOpdCategory: OpdCategoryCountDto[];
}
class StatusCountDto {
  @ApiProperty({ enum: ['received', 'verifying', 'investigating'] }) status: string;
  @ApiProperty(count('Open cases in that status now')) count: number | HiddenDto;
}
class InspectorCountDto {
  @ApiProperty({ format: 'uuid' }) staffId: string;
  @ApiProperty() name: string;
  @ApiProperty(count('Open cases assigned to that inspector now')) count: number | HiddenDto;
}
class OpenDto {
  @ApiProperty(count('Cases open now (not tied to the period)')) total: number | HiddenDto;
  @ApiProperty({ type: [StatusCountDto] }) byStatus: StatusCountDto[];
  @ApiProperty({ type: [InspectorCountDto] }) byInspector: InspectorCountDto[];
  @ApiProperty(count('Open cases with no inspector assigned')) unassigned: number | HiddenDto;
}
class VerificationDto {
  @ApiProperty(count('Moves from received or verifying to investigating or closed in the period')) completed: number | HiddenDto;
  @ApiProperty(measure('Share (0 to 1) without a verification breach due before the move; null when none completed')) withinSlaShare: number | HiddenDto | null;
  @ApiProperty(measure('Median days from submission to the move (whole hours, one decimal); null when none completed')) medianDays: number | HiddenDto | null;
}
class InvestigationDto {
  @ApiProperty(count('Moves from investigating to closed in the period')) completed: number | HiddenDto;
  @ApiProperty(measure('Share (0 to 1) without an investigation breach due before the move')) withinSlaShare: number | HiddenDto | null;
}
class OutcomeCountDto {
  @ApiProperty({ enum: ['substantiated', 'not_substantiated', 'referred', 'rejected', 'duplicate'] }) outcome: string;
  @ApiProperty(count('Closings with that outcome in the period')) count: number | HiddenDto;
}
class ClosureDto {
  @ApiProperty(count('Moves to closed in the period')) closed: number | HiddenDto;
  @ApiProperty(measure('Median days from submission to closing')) medianDays: number | HiddenDto | null;
  @ApiProperty({ type: [OutcomeCountDto] }) byOutcome: OutcomeCountDto[];
}
class BreachKindCountDto {
  @ApiProperty({ enum: ['verification', 'investigation', 'feedback'] }) kind: string;
  @ApiProperty(count('Breaches of that deadline kind not over yet')) count: number | HiddenDto;
}
class BreachesDto {
  @ApiProperty(count('Breaches not over yet (now, not tied to the period)')) total: number | HiddenDto;
  @ApiProperty({ type: [BreachKindCountDto] }) byKind: BreachKindCountDto[];
}

class LabelCountDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Mendesak', description: 'As the supervisors named it (metadata, not case content)' }) name: string;
  @ApiProperty({ example: '#b91c1c', pattern: '^#[0-9a-f]{6}$' }) colour: string;
  @ApiProperty(count('Open cases carrying the label now (not tied to the period)')) open: number | HiddenDto;
  @ApiProperty(count('Cases submitted in the period carrying the label')) all: number | HiddenDto;
}

export class StatsDashboardDto {
  @ApiProperty({ type: StatsFiltersDto, description: 'The filters applied, defaults filled in' }) filters: StatsFiltersDto;
  @ApiProperty({ example: 3, description: 'STATS_MIN_GROUP' }) minGroup: number;
  @ApiProperty({
    type: [String],
    enum: ['reports', 'opd_by_category', 'open', 'inspectors', 'decisions', 'breaches', 'satisfaction', 'labels'],
    description:
      'The tables whose small groups are hidden for this reader. A supervisor sees in full what the inbox and the assignment form already show them ' +
      '(reports, open cases, caseloads, decisions, breaches, labels); the OPD × category table and the ratings are always under the rule, and so is everything for auditors and in exports.',
  })
  smallGroupTables: string[];
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: ReportsDto }) reports: ReportsDto;
  @ApiProperty({ type: OpenDto }) open: OpenDto;
  @ApiProperty({ type: VerificationDto }) verification: VerificationDto;
  @ApiProperty({ type: InvestigationDto }) investigation: InvestigationDto;
  @ApiProperty({ type: ClosureDto }) closure: ClosureDto;
  @ApiProperty({ type: BreachesDto }) breaches: BreachesDto;
  @ApiProperty({ type: [LabelCountDto], description: 'Every label, by name' }) byLabel: LabelCountDto[];
}
