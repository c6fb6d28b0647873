import { ReporterChannel1764300000000 } from './1764300000000-reporter-channel';
import { Outbox1764300001000 } from '../../events/migrations/1764300001000-outbox';
import { CaseWork1764300002000 } from '../../../cases/migrations/1764300002000-case-work';
import { IdentityRequests1764300004000 } from '../../../cases/migrations/1764300004000-identity-requests';

/**
 * Every migration, in order. Listed explicitly (no glob) so the compiled app, the CLI and the
 * tests all run exactly the same set.
 */
export const MIGRATIONS = [ReporterChannel1764300000000, Outbox1764300001000, CaseWork1764300002000, IdentityRequests1764300004000];
