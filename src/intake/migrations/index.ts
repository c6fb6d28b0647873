import type { MigrationInterface } from 'typeorm';
import { SubmissionKeys1764300016600 } from './1764300016600-submission-keys';
import { ReporterFeedback1764300016900 } from './1764300016900-reporter-feedback';
import { ReporterRatingsView1764300021200 } from './1764300021200-reporter-ratings-view';

/** The intake module's migrations. src/migrations combines every module's list in timestamp order; append new ones here. */
export const INTAKE_MIGRATIONS: (new () => MigrationInterface)[] = [SubmissionKeys1764300016600, ReporterFeedback1764300016900, ReporterRatingsView1764300021200];
