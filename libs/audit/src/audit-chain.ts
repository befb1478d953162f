import { createHash } from 'node:crypto';
import { canonicalJson } from '@theqa/kernel';

/** A security-relevant event as its producer reports it. */
export interface AuditEvent {
  /** dotted verb, e.g. `certificate.revoked`, `enrolment.completed` */
  action: string;
  /** who did it: `admin:<id>`, `citizen:<civil number>`, `system`, `cli:<user>` */
  actor: string;
  /** what it was done to: a serial, a civil number, a client id */
  subject: string;
  details?: Record<string, unknown>;
}

/** An entry of the chain: each hash covers the previous hash and every field of the entry. */
export interface AuditRecord {
  seq: number;
  occurredAt: Date;
  action: string;
  actor: string;
  subject: string;
  /** canonical JSON of the details, stored and hashed as this exact text */
  details: string;
  prevHash: Buffer;
  hash: Buffer;
}

export const GENESIS_HASH = Buffer.alloc(32);

const ACTION = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$/;

export function validateEvent(event: AuditEvent): void {
  if (!ACTION.test(event.action)) throw new TypeError(`audit action "${event.action}" must be dotted lower-case words`);
  if (!event.actor || !event.subject) throw new TypeError('audit events need an actor and a subject');
}

/** SHA-256(prev hash ‖ JSON array of the fields): an array leaves no ambiguity between fields. */
export function chainHash(prevHash: Buffer, record: Omit<AuditRecord, 'hash' | 'prevHash'>): Buffer {
  const fields = JSON.stringify([record.seq, record.occurredAt.toISOString(), record.actor, record.action, record.subject, record.details]);
  return createHash('sha256').update(prevHash).update(fields, 'utf8').digest();
}

/** An event checked by validateEvent, with its details already in canonical JSON (see canonicalEvent). */
export interface CanonicalEvent {
  action: string;
  actor: string;
  subject: string;
  details: string;
}

/** Validates an event and fixes its details' text: what a log checks when an event is handed to it. */
export function canonicalEvent(event: AuditEvent): CanonicalEvent {
  validateEvent(event);
  return { action: event.action, actor: event.actor, subject: event.subject, details: canonicalJson(event.details ?? {}) };
}

/** Links events after the given head; the caller stores them in this order. */
export function linkEvents(head: { seq: number; hash: Buffer }, events: AuditEvent[], occurredAt: Date): AuditRecord[] {
  return linkCanonicalEvents(head, events.map(canonicalEvent), occurredAt);
}

/** linkEvents for events a log has already checked and canonicalised (once, when they were appended). */
export function linkCanonicalEvents(head: { seq: number; hash: Buffer }, events: CanonicalEvent[], occurredAt: Date): AuditRecord[] {
  let previous = head;
  return events.map((event) => {
    const base = { seq: previous.seq + 1, occurredAt, action: event.action, actor: event.actor, subject: event.subject, details: event.details };
    const hash = chainHash(previous.hash, base);
    const record: AuditRecord = { seq: base.seq, occurredAt, action: base.action, actor: base.actor, subject: base.subject, details: base.details, prevHash: previous.hash, hash };
    previous = record;
    return record;
  });
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  /** The first entry that does not hold, and why. */
  firstBroken?: { seq: number; reason: string };
  head?: { seq: number; hash: string };
}

/** Why `record` does not follow `previous` in the chain (undefined when it does). */
export function linkProblem(previous: { seq: number; hash: Buffer }, record: AuditRecord): string | undefined {
  if (record.seq !== previous.seq + 1) return `expected entry ${previous.seq + 1}, found ${record.seq}: entries are missing`;
  if (!record.prevHash.equals(previous.hash)) return 'its link to the previous entry does not match';
  if (!chainHash(previous.hash, record).equals(record.hash)) return 'its contents do not match its hash (altered)';
  return undefined;
}

/** Walks the chain from its start, recomputing every hash; stops at the first broken link. */
export async function verifyAuditChain(records: AsyncIterable<AuditRecord> | Iterable<AuditRecord>): Promise<ChainVerification> {
  let expectedSeq = 1;
  let prevHash: Buffer = GENESIS_HASH;
  let checked = 0;
  for await (const record of records) {
    const reason = linkProblem({ seq: expectedSeq - 1, hash: prevHash }, record);
    if (reason) return { ok: false, checked, firstBroken: { seq: record.seq, reason } };
    prevHash = record.hash;
    expectedSeq++;
    checked++;
  }
  return { ok: true, checked, head: checked ? { seq: expectedSeq - 1, hash: prevHash.toString('hex') } : undefined };
}

/** The port producers append through; the persistence library implements it on PostgreSQL. */
export interface AuditLog {
  append(event: AuditEvent): Promise<AuditRecord>;
}
