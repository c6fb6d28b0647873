import '../assignment/assignment.i18n';
import './case-pdf-lists.i18n';

/** One step in who worked the case (AssignmentService.steps), as the document lists it. */
export interface CasePdfAssignmentStep {
  action: 'assigned' | 'unassigned' | 'recused';
  inspectorName: string;
  actorName: string;
  at: Date;
  /** Conflict kinds overridden by this assignment (may be empty when only the reason was kept). */
  conflicts: string[];
  /** An assignment's override reason, an unassignment's or a recusal's reason: case content. */
  reason: string | null;
}

/** One identity request: who, when, the decision and by whom. Never the identity or the reasons. */
export interface CasePdfIdentityRequest {
  requesterName: string;
  requestedAt: Date;
  status: 'pending' | 'approved' | 'refused';
  deciderName: string | null;
  decidedAt: Date | null;
}

/** The drawing helpers of case-pdf.ts a list needs: every string goes through them, and so through pdfSafe. */
export interface PdfWriter {
  tr: (key: string, params?: Record<string, string | number>) => string;
  when: (at: Date) => string;
  heading: (text: string) => void;
  /** A bold line. */
  line: (text: string) => void;
  paragraph: (text: string, opts?: { indent?: number }) => void;
  meta: (text: string, opts?: { indent?: number }) => void;
  gap: () => void;
}

/**
 * Who was put on the case and taken off it, by whom, when and why, with any conflict of
 * interest that was overridden (issue 15).
 */
export function writeAssignments(w: PdfWriter, steps: readonly CasePdfAssignmentStep[]): void {
  w.heading(w.tr('cases.pdf_section_assignments'));
  if (!steps.length) w.paragraph(w.tr('cases.pdf_no_assignments'));
  for (const s of steps) {
    w.line(`${w.when(s.at)} · ${w.tr(`cases.pdf_step.${s.action}`, { inspector: s.inspectorName, actor: s.actorName })}`);
    const overridden = s.action === 'assigned' && (s.conflicts.length > 0 || s.reason !== null);
    if (overridden) {
      const kinds = s.conflicts.map((k) => w.tr(`cases.conflict.${k}`)).join(', ');
      w.meta(`${w.tr('cases.pdf_conflict_overridden')}${kinds ? `: ${kinds}` : ''}`, { indent: 14 });
    }
    if (s.reason) w.paragraph(`${w.tr('cases.pdf_step_reason')}: ${s.reason}`, { indent: 14 });
    w.gap();
  }
}

/**
 * Each request for the reporter's identity and its decision. The identity itself is never
 * written here: it is in the reporter section only when it was disclosed to the exporter.
 */
export function writeIdentityRequests(w: PdfWriter, requests: readonly CasePdfIdentityRequest[]): void {
  w.heading(w.tr('cases.pdf_section_identity_requests'));
  w.meta(w.tr('cases.pdf_identity_requests_hint'));
  if (!requests.length) w.paragraph(w.tr('cases.pdf_no_identity_requests'));
  for (const r of requests) {
    w.line(`${w.when(r.requestedAt)} · ${w.tr('cases.pdf_identity_requested', { name: r.requesterName })}`);
    const decision = w.tr(`cases.pdf_identity_status.${r.status}`);
    w.paragraph(r.status === 'pending' ? decision : w.tr('cases.pdf_identity_decided', { decision, name: r.deciderName ?? '', at: r.decidedAt ? w.when(r.decidedAt) : '' }), { indent: 14 });
    w.gap();
  }
}
