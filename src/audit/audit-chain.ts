import { createHash } from 'node:crypto';

/**
 * The hash chain of the audit log (DESIGN.md §7), as pure functions for the verifier and the
 * tests. The links themselves are written by PostgreSQL's audit_log_chain, which builds the same
 * text (migration AuditChainInDatabase1764300021400); the verifier recomputing every link here
 * is what holds the two to one definition.
 *
 *   hash(n) = SHA-256( hash(n-1) ‖ UTF-8(canonical(n)) ),  hash(0) = 32 zero bytes
 *
 * canonical(n) is a JSON array of the entry's recorded fields in a fixed order; `detail` is
 * already canonical JSON text (keys sorted) as stored.
 */
export const GENESIS = Buffer.alloc(32);

export type ActorType = 'staff' | 'reporter' | 'system';

export interface ChainedFields {
  seq: number;
  at: Date;
  actorType: ActorType;
  actorId: string | null;
  action: string;
  caseId: string | null;
  detail: string;
}

export function canonical(e: ChainedFields): string {
  return canonicalOfText(e.seq, e.at.toISOString(), e.actorType, e.actorId, e.action, e.caseId, e.detail);
}

export function chainHash(prev: Buffer, e: ChainedFields): Buffer {
  return chainHashOfText(prev, e.seq, e.at.toISOString(), e.actorType, e.actorId, e.action, e.caseId, e.detail);
}

/** The same hash from fields already in text form (`at` as toISOString() writes it): the verifier's fast path. */
export function chainHashOfText(prev: Buffer, seq: number, at: string, actorType: ActorType, actorId: string | null, action: string, caseId: string | null, detail: string): Buffer {
  return createHash('sha256')
    .update(prev)
    .update(canonicalOfText(seq, at, actorType, actorId, action, caseId, detail), 'utf8')
    .digest();
}

function canonicalOfText(seq: number, at: string, actorType: ActorType, actorId: string | null, action: string, caseId: string | null, detail: string): string {
  return JSON.stringify([seq, at, actorType, actorId, action, caseId, detail]);
}

/** JSON with object keys sorted at every level, so equal details are equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
