import { createPublicKey, verify } from 'node:crypto';
import { chainHash, type AuditRecord } from '../audit-chain';
import { HASH_OF_SIGNATURE, keyFingerprint } from '../checkpoint';

/**
 * A key of the key store that signs exports (as the checkpoints' key does): DER ECDSA or RSA PKCS#1
 * signatures, so that `openssl dgst -verify` checks them (docs/security/audit.md).
 */
export interface AuditExportKey {
  label: string;
  signatureAlgorithm: string;
  publicKeySpki: Buffer;
  sign(data: Buffer): Promise<Buffer>;
}

export const AUDIT_EXPORT_TYPE = 'theqa-audit-export';

/** The export's first line: what it holds and which key signed it. */
export interface AuditExportHeader {
  type: typeof AUDIT_EXPORT_TYPE;
  version: 1;
  from: string;
  to: string;
  exported_at: string;
  exported_by: string;
  entries: number;
  first_seq: number | null;
  last_seq: number | null;
  key: { label: string; algorithm: string; sha256: string };
}

export interface SignedAuditExport {
  fileName: string;
  /** The file: JSON Lines, its last line the signature of every byte before it. */
  content: Buffer;
  header: AuditExportHeader;
  /** The signature alone (DER), as the last line carries it in base64. */
  signature: Buffer;
  /** The signing key's public key (PEM), for `openssl dgst -verify`. */
  publicKeyPem: string;
}

/**
 * An audit export: a JSON Lines file whose first line is the header, then one line per entry (each
 * field as it is hashed, `details` the exact canonical text, so anyone can recompute each entry's hash
 * and its link to the one before), and last `{"signature":"<base64 DER>"}` over every byte before that
 * line. One file, verifiable with openssl alone:
 *
 *   head -n -1 export.jsonl > body
 *   tail -n 1 export.jsonl | sed -E 's/^[{]"signature":"([^"]+)"[}]$/\1/' | base64 -d > body.sig
 *   openssl dgst -sha256 -verify audit-export-key.pem -signature body.sig body
 */
export async function writeAuditExport(
  records: AsyncIterable<AuditRecord> | Iterable<AuditRecord>,
  range: { from: Date; to: Date; exportedAt: Date; exportedBy: string },
  key: AuditExportKey,
): Promise<SignedAuditExport> {
  const lines: string[] = [];
  let first: number | null = null;
  let last: number | null = null;
  for await (const record of records) {
    first ??= record.seq;
    last = record.seq;
    lines.push(JSON.stringify(entryLine(record)));
  }
  const header: AuditExportHeader = {
    type: AUDIT_EXPORT_TYPE,
    version: 1,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    exported_at: range.exportedAt.toISOString(),
    exported_by: range.exportedBy,
    entries: lines.length,
    first_seq: first,
    last_seq: last,
    key: { label: key.label, algorithm: key.signatureAlgorithm, sha256: keyFingerprint(key.publicKeySpki) },
  };
  const body = Buffer.from([JSON.stringify(header), ...lines].map((line) => `${line}\n`).join(''), 'utf8');
  const signature = await key.sign(body);
  const content = Buffer.concat([body, Buffer.from(`${JSON.stringify({ signature: signature.toString('base64') })}\n`, 'utf8')]);
  const stamp = (date: Date) => date.toISOString().replace(/[-:]|\.\d{3}/g, '');
  return {
    fileName: `audit-${stamp(range.from)}-${stamp(range.to)}.jsonl`,
    content,
    header,
    signature,
    publicKeyPem: createPublicKey({ key: key.publicKeySpki, format: 'der', type: 'spki' }).export({ format: 'pem', type: 'spki' }).toString(),
  };
}

interface EntryLine {
  seq: number;
  occurred_at: string;
  action: string;
  actor: string;
  subject: string;
  details: string;
  prev_hash: string;
  hash: string;
}

function entryLine(record: AuditRecord): EntryLine {
  return {
    seq: record.seq,
    occurred_at: record.occurredAt.toISOString(),
    action: record.action,
    actor: record.actor,
    subject: record.subject,
    details: record.details,
    prev_hash: record.prevHash.toString('hex'),
    hash: record.hash.toString('hex'),
  };
}

export interface AuditExportVerification {
  ok: boolean;
  header?: AuditExportHeader;
  /** Entries read and checked. */
  entries: number;
  failures: Array<{ code: string; message: string; line?: number }>;
}

/**
 * Checks an export with the keys it may be signed by (DER SPKI, e.g. the key store's export keys):
 * the signature over every byte before the last line, the header against the lines, each entry's hash
 * recomputed, and each entry's link to the one before. Any change to any byte is a failure.
 */
export function verifyAuditExport(content: Buffer, trustedKeys: Buffer[]): AuditExportVerification {
  const failures: AuditExportVerification['failures'] = [];
  const text = content.toString('utf8');
  if (!text.endsWith('\n')) return { ok: false, entries: 0, failures: [{ code: 'export-truncated', message: 'the file does not end with a line break' }] };
  const bodyEnd = text.lastIndexOf('\n', text.length - 2) + 1;
  const signatureLine = parseLine<{ signature?: unknown }>(text.slice(bodyEnd, -1));
  const body = Buffer.from(text.slice(0, bodyEnd), 'utf8');
  const lines = text.slice(0, bodyEnd).split('\n').slice(0, -1);
  const header = parseLine<AuditExportHeader>(lines[0] ?? '');
  if (!header || header.type !== AUDIT_EXPORT_TYPE || header.version !== 1 || !header.key) {
    return { ok: false, entries: 0, failures: [{ code: 'export-malformed', message: 'the first line is not the header of a Theqa audit export', line: 1 }] };
  }
  if (!signatureLine || typeof signatureLine.signature !== 'string') {
    failures.push({ code: 'export-unsigned', message: 'the last line carries no signature', line: lines.length + 1 });
  } else {
    const key = trustedKeys.find((spki) => keyFingerprint(spki) === header.key.sha256);
    const hash = HASH_OF_SIGNATURE[header.key.algorithm];
    if (!key) failures.push({ code: 'export-key-unknown', message: `the export names a key (${header.key.label}, ${header.key.sha256.slice(0, 16)}…) that is not among the trusted ones` });
    else if (!hash || !signatureHolds(hash, body, key, Buffer.from(signatureLine.signature, 'base64'))) failures.push({ code: 'export-signature-invalid', message: 'the signature does not match the file: it was changed after it was signed' });
  }
  let previous: EntryLine | undefined;
  let entries = 0;
  for (let i = 1; i < lines.length; i++) {
    const entry = parseLine<EntryLine>(lines[i]);
    if (!entry) {
      failures.push({ code: 'entry-malformed', message: 'not an entry', line: i + 1 });
      continue;
    }
    entries++;
    const recomputed = chainHash(Buffer.from(entry.prev_hash, 'hex'), { seq: entry.seq, occurredAt: new Date(entry.occurred_at), action: entry.action, actor: entry.actor, subject: entry.subject, details: entry.details }).toString('hex');
    if (recomputed !== entry.hash) failures.push({ code: 'entry-hash-mismatch', message: `entry #${entry.seq} does not hash to the hash it carries`, line: i + 1 });
    if (previous && (entry.seq !== previous.seq + 1 || entry.prev_hash !== previous.hash)) failures.push({ code: 'entry-link-broken', message: `entry #${entry.seq} does not follow entry #${previous.seq}`, line: i + 1 });
    previous = entry;
  }
  if (entries !== header.entries) failures.push({ code: 'export-count-mismatch', message: `the header announces ${header.entries} entries, the file holds ${entries}` });
  return { ok: failures.length === 0, header, entries, failures };
}

function signatureHolds(hash: string, body: Buffer, spki: Buffer, signature: Buffer): boolean {
  try {
    return verify(hash, body, { key: createPublicKey({ key: spki, format: 'der', type: 'spki' }), dsaEncoding: 'der' }, signature);
  } catch {
    return false;
  }
}

function parseLine<T>(line: string): T | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}
