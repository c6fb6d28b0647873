import { ReporterChannel1764300000000 } from './1764300000000-reporter-channel';
import { Outbox1764300001000 } from '../../events/migrations/1764300001000-outbox';
import { CaseWork1764300002000 } from '../../../cases/migrations/1764300002000-case-work';
import { StaffTotp1764300003000 } from '../../../staff/migrations/1764300003000-staff-totp';
import { IdentityRequests1764300004000 } from '../../../cases/migrations/1764300004000-identity-requests';
import { ReadMarkers1764300005000 } from '../../../cases/migrations/1764300005000-read-markers';
import { CaseLinks1764300006000 } from '../../../cases/migrations/1764300006000-case-links';
import { InboxSpeed1764300007000 } from '../../../cases/migrations/1764300007000-inbox-speed';
import { OutboxNotifyAfterCommit1764300008000 } from '../../events/migrations/1764300008000-outbox-notify-after-commit';
import { SlaDeadlines1764300009000 } from '../../../cases/sla/migrations/1764300009000-sla-deadlines';
import { SlaSweep1764300010000 } from '../../../cases/sla/migrations/1764300010000-sla-sweep';
import { MailQueue1764300011000 } from '../../../notifications/migrations/1764300011000-mail-queue';
import { AuditLog1764300012000 } from '../../../audit/migrations/1764300012000-audit-log';
import { Insights1764300013000 } from '../../../insights/migrations/1764300013000-insights';
import { Retention1764300014000 } from '../../../retention/migrations/1764300014000-retention';
import { StaffRoleGrants1764300015100 } from '../../../staff/migrations/1764300015100-staff-role-grants';
import { VerificationUntilDecided1764300015300 } from '../../../cases/sla/migrations/1764300015300-verification-until-decided';
import { RateLimitCounters1764300016500 } from './1764300016500-rate-limit-counters';
import { SubmissionKeys1764300016600 } from '../../../intake/migrations/1764300016600-submission-keys';
import { ReporterFeedback1764300016900 } from '../../../intake/migrations/1764300016900-reporter-feedback';
import { PlainCategoryWords1764300017400 } from '../../../catalog/migrations/1764300017400-plain-category-words';
import { CaseLabels1764300018000 } from '../../../cases/migrations/1764300018000-case-labels';
import { CaseStatsViews1764300020200 } from '../../../cases/migrations/1764300020200-case-stats-views';
import { InsightsCounts1764300020300 } from '../../../insights/migrations/1764300020300-insights-counts';
import { CaseStatsNow1764300020310 } from '../../../cases/migrations/1764300020310-case-stats-now';
import { InsightsNow1764300020320 } from '../../../insights/migrations/1764300020320-insights-now';

/**
 * Every migration, in order. Listed explicitly (no glob) so the compiled app, the CLI and the
 * tests all run exactly the same set.
 */
export const MIGRATIONS = [ReporterChannel1764300000000, Outbox1764300001000, CaseWork1764300002000, StaffTotp1764300003000, IdentityRequests1764300004000, ReadMarkers1764300005000, CaseLinks1764300006000, InboxSpeed1764300007000, OutboxNotifyAfterCommit1764300008000, SlaDeadlines1764300009000, SlaSweep1764300010000, MailQueue1764300011000, AuditLog1764300012000, Insights1764300013000, Retention1764300014000, StaffRoleGrants1764300015100, VerificationUntilDecided1764300015300, RateLimitCounters1764300016500, SubmissionKeys1764300016600, ReporterFeedback1764300016900, PlainCategoryWords1764300017400, CaseLabels1764300018000, CaseStatsViews1764300020200, InsightsCounts1764300020300, CaseStatsNow1764300020310, InsightsNow1764300020320];
