import type { AskedAnswer } from '../catalog';
import type { UploadSource } from '../platform/uploads/spool/upload-source';

/** The case's statuses, in workflow order: the one list every page, filter, API schema and statistic uses. */
export const CASE_STATUSES = ['received', 'verifying', 'investigating', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
/** The statuses of a case still being worked. */
export const OPEN_STATUSES = ['received', 'verifying', 'investigating'] as const satisfies readonly CaseStatus[];
/** How a report reached the inspectorate: web form, API, or recorded by an officer (the last four). */
export const CHANNELS = ['web', 'api', 'phone', 'letter', 'in_person', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/** What the reporter wrote about the matter: encrypted with the content key Kc. */
export interface ReportContent {
  title: string;
  description: string;
  occurredOn: string | null;
  location: string | null;
  reportedPersons: string | null;
  estimatedLoss: number | null;
  /** Answers to the category's extra questions, each with the question as asked (absent before issue 16). */
  answers?: AskedAnswer[];
  /**
   * For a report that came as a letter: the letter's own number and date. Sealed with the rest of
   * the report, since a number series can name the sending office (docs/decisions.md). Absent for
   * other channels and for reports filed before issue 15.
   */
  letter?: LetterDetails | null;
}

export interface LetterDetails {
  number: string | null;
  /** YYYY-MM-DD, as written on the letter. */
  date: string | null;
}

/** Who the reporter is: encrypted with the identity key Ki, absent for anonymous reports. */
export interface ReporterIdentity {
  name: string;
  nip: string | null;
  phone: string | null;
  email: string | null;
}

export interface AttachmentInput {
  filename: string;
  mimeType: string;
  /** The checked (and cleaned) bytes, read as a stream so a large file is never whole in memory. */
  source: UploadSource;
  sha256: string;
  metadataRemoved: boolean;
}

export interface AttachmentMeta {
  filename: string;
  mimeType: string;
  sha256: string;
  metadataRemoved: boolean;
}

export interface AttachmentSummary extends AttachmentMeta {
  id: string;
  size: number;
  uploadedBy: 'reporter' | 'inspectorate';
  createdAt: Date;
}

export interface MessageView {
  id: string;
  from: 'reporter' | 'inspectorate';
  body: string;
  at: Date;
  attachments: AttachmentSummary[];
}
