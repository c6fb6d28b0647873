import type { MigrationInterface } from 'typeorm';
import { CaseWork1764300002000 } from './1764300002000-case-work';
import { IdentityRequests1764300004000 } from './1764300004000-identity-requests';
import { ReadMarkers1764300005000 } from './1764300005000-read-markers';
import { CaseLinks1764300006000 } from './1764300006000-case-links';
import { InboxSpeed1764300007000 } from './1764300007000-inbox-speed';
import { SlaDeadlines1764300009000 } from '../sla/migrations/1764300009000-sla-deadlines';
import { SlaSweep1764300010000 } from '../sla/migrations/1764300010000-sla-sweep';
import { VerificationUntilDecided1764300015300 } from '../sla/migrations/1764300015300-verification-until-decided';
import { CaseLabels1764300018000 } from './1764300018000-case-labels';
import { AssignmentHistory1764300019600 } from './1764300019600-assignment-history';
import { MessageSendTokens1764300019800 } from './1764300019800-message-send-tokens';
import { OfflineReceipt1764300020000 } from './1764300020000-offline-receipt';
import { CaseStatsViews1764300020200 } from './1764300020200-case-stats-views';
import { CaseStatsNow1764300020310 } from './1764300020310-case-stats-now';
import { CaseLabelStatsView1764300021210 } from './1764300021210-case-label-stats-view';

/** The cases module's migrations, its SLA part included. src/migrations combines every module's list in timestamp order; append new ones here. */
export const CASES_MIGRATIONS: (new () => MigrationInterface)[] = [
  CaseWork1764300002000,
  IdentityRequests1764300004000,
  ReadMarkers1764300005000,
  CaseLinks1764300006000,
  InboxSpeed1764300007000,
  SlaDeadlines1764300009000,
  SlaSweep1764300010000,
  VerificationUntilDecided1764300015300,
  CaseLabels1764300018000,
  AssignmentHistory1764300019600,
  MessageSendTokens1764300019800,
  OfflineReceipt1764300020000,
  CaseStatsViews1764300020200,
  CaseStatsNow1764300020310,
  CaseLabelStatsView1764300021210,
];
