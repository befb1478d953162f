import { createPublicKey } from 'node:crypto';
import { GENESIS_HASH, linkProblem, type AuditRecord } from './audit-chain';
import { CHECKPOINT_GENESIS, checkpointDigest, checkpointImprint, checkpointSignatureHolds, keyFingerprint, type AuditCheckpoint } from './checkpoint';

/** What verification reads, all from one snapshot of the database. */
export interface AuditTrail {
  /** Every entry, in order. */
  records: AsyncIterable<AuditRecord> | Iterable<AuditRecord>;
  /** The stored head (audit_chain_head); undefined when its row is gone. */
  head: { seq: number; hash: Buffer } | undefined;
  /** Every checkpoint, by number. */
  checkpoints: AuditCheckpoint[];
}

/** What verification trusts: nothing it reads from the database. */
export interface AuditTrust {
  /** The public key (DER SPKI) the key store holds under a checkpoint key's label; undefined when it holds none. */
  checkpointKey(label: string): Promise<Buffer | undefined>;
  /** Verifies a time-stamp token over a SHA-256 imprint against the TSA certificate; throws saying why not. */
  verifyTimeStamp(token: Buffer, sha256: Buffer): { genTime: Date } | Promise<{ genTime: Date }>;
}

export interface AuditVerificationOptions {
  /** Checkpoints an auditor recorded earlier (`number` and `digest` as verify printed them): each must still be there, unchanged. */
  known?: Array<{ number: number; digest: string }>;
  /** How far a checkpoint's own time may be from its time-stamp's (instances' clocks, the TSA round trip). */
  clockToleranceMs?: number;
}

export interface AuditFinding {
  code: string;
  message: string;
  /** The entry concerned, when there is one. */
  seq?: number;
  checkpoint?: number;
}

export interface AuditVerification {
  /** No failure: the chain holds, the head matches, every checkpoint verifies and agrees with the chain. */
  ok: boolean;
  entries: number;
  head?: { seq: number; hash: string };
  checkpoints: { total: number; latest?: { number: number; seq: number; at: string; digest: string } };
  /** Every entry up to and including this one is vouched for by a verified checkpoint (0: none). */
  vouchedThrough: number;
  /** The first entry verification cannot vouch for, if any. */
  firstUnvouched?: number;
  failures: AuditFinding[];
  warnings: AuditFinding[];
}

const DEFAULT_CLOCK_TOLERANCE_MS = 5 * 60_000;

/**
 * Checks the audit log against what its database's owner cannot forge: the chain end to end, the
 * stored head against the last entry, and every checkpoint (numbering and links, the key store's
 * key, the TSA's time-stamp, and the checkpointed hash against the chain recomputed at that entry).
 * Names the first entry it cannot vouch for: entries after the latest checkpoint are a warning (not
 * checkpointed yet); anything that contradicts a checkpoint is a failure.
 */
export async function verifyAuditTrail(trail: AuditTrail, trust: AuditTrust, options: AuditVerificationOptions = {}): Promise<AuditVerification> {
  const failures: AuditFinding[] = [];
  const warnings: AuditFinding[] = [];
  const fail = (finding: AuditFinding) => failures.push(finding);

  // 1. The checkpoints among themselves: every one sound up to `sound` (exclusive).
  const checkpoints = [...trail.checkpoints].sort((a, b) => a.number - b.number);
  const sound = await soundCheckpoints(checkpoints, trust, options.clockToleranceMs ?? DEFAULT_CLOCK_TOLERANCE_MS, fail);
  const bySeq = new Map(checkpoints.slice(0, sound).map((checkpoint) => [checkpoint.chainSeq, checkpoint]));

  // 2. The chain, end to end, compared with the sound checkpoints on the way.
  let previous: { seq: number; hash: Buffer } = { seq: 0, hash: GENESIS_HASH };
  let brokenAt: number | undefined;
  let differsAt: AuditCheckpoint | undefined;
  // When the first entry no sound checkpoint covers was written: how long it has waited for one.
  const uncoveredFrom = (sound ? checkpoints[sound - 1].chainSeq : 0) + 1;
  let uncoveredSince: Date | undefined;
  for await (const record of trail.records) {
    const problem = linkProblem(previous, record);
    if (problem) {
      brokenAt = previous.seq + 1;
      fail({ code: 'chain-broken', seq: record.seq, message: `the chain is broken at entry #${record.seq}: ${problem}` });
      break;
    }
    if (record.seq === uncoveredFrom) uncoveredSince = record.occurredAt;
    const checkpoint = bySeq.get(record.seq);
    if (checkpoint && !differsAt && !checkpoint.chainHash.equals(record.hash)) {
      differsAt = checkpoint;
      const from = precedingSeq(checkpoints, checkpoint) + 1;
      fail({
        code: 'chain-differs',
        seq: from,
        checkpoint: checkpoint.number,
        message: `entry #${from === record.seq ? record.seq : `${from}–#${record.seq}`} differs from the checkpointed chain: checkpoint #${checkpoint.number} vouched for entry #${record.seq} with hash ${checkpoint.chainHash.toString('hex')}, the log gives ${record.hash.toString('hex')} (rewritten)`,
      });
    }
    previous = { seq: record.seq, hash: record.hash };
  }
  const last = brokenAt === undefined ? previous.seq : brokenAt - 1;

  // 3. The stored head against the last entry (only meaningful on an unbroken chain).
  if (brokenAt === undefined) checkHead(trail.head, previous, fail);

  // 4. Checkpoints that vouch for entries the log no longer has.
  const beyond = checkpoints.find((checkpoint) => checkpoint.chainSeq > last);
  if (beyond && brokenAt === undefined) {
    fail({
      code: 'log-truncated',
      seq: last + 1,
      checkpoint: beyond.number,
      message: `checkpoint #${beyond.number} vouches for entry #${beyond.chainSeq} but the log ends at #${last}: entries #${last + 1}–#${beyond.chainSeq} were deleted`,
    });
  }

  // 5. The auditor's own records of earlier checkpoints.
  for (const known of options.known ?? []) {
    const found = checkpoints.find((checkpoint) => checkpoint.number === known.number);
    if (!found) fail({ code: 'known-checkpoint-missing', checkpoint: known.number, message: `checkpoint #${known.number}, which you recorded, is missing (deleted)` });
    else if (checkpointDigest(found).toString('hex') !== known.digest.toLowerCase()) {
      fail({ code: 'known-checkpoint-differs', checkpoint: known.number, message: `checkpoint #${known.number} differs from the one you recorded (digest ${known.digest})` });
    }
  }

  // 6. How far the checkpoints vouch: the sound ones, in order, up to the first that disagrees with the log.
  let vouchedThrough = 0;
  for (const checkpoint of checkpoints.slice(0, sound)) {
    if (checkpoint === differsAt || checkpoint.chainSeq > last) break;
    vouchedThrough = checkpoint.chainSeq;
  }
  if (failures.length === 0 && last > vouchedThrough) {
    const since = vouchedThrough + 1 === uncoveredFrom ? uncoveredSince : undefined;
    warnings.push(
      vouchedThrough === 0
        ? { code: 'not-checkpointed', seq: 1, message: `no checkpoint covers the log yet: entries #1–#${last}${since ? ` (since ${since.toISOString()})` : ''} are vouched for by nothing` }
        : {
            code: 'not-checkpointed',
            seq: vouchedThrough + 1,
            message: `entries after #${vouchedThrough} are not covered by a checkpoint yet (#${vouchedThrough + 1}–#${last}${since ? `, since ${since.toISOString()}` : ''})`,
          },
    );
  }
  const latest = checkpoints[checkpoints.length - 1];
  const firstUnvouched = failures.length ? Math.min(vouchedThrough + 1, ...failures.map((f) => f.seq ?? Infinity)) : last > vouchedThrough ? vouchedThrough + 1 : undefined;
  return {
    ok: failures.length === 0,
    entries: last,
    head: trail.head && { seq: trail.head.seq, hash: trail.head.hash.toString('hex') },
    checkpoints: {
      total: checkpoints.length,
      latest: latest && { number: latest.number, seq: latest.chainSeq, at: latest.at.toISOString(), digest: checkpointDigest(latest).toString('hex') },
    },
    vouchedThrough,
    firstUnvouched: firstUnvouched === undefined || firstUnvouched === Infinity ? undefined : firstUnvouched,
    failures,
    warnings,
  };
}

/** Checks each checkpoint on its own and against the one before; returns how many, from the first, are sound. */
async function soundCheckpoints(checkpoints: AuditCheckpoint[], trust: AuditTrust, toleranceMs: number, fail: (finding: AuditFinding) => void): Promise<number> {
  let sound = checkpoints.length;
  const unsound = (index: number, finding: Omit<AuditFinding, 'checkpoint'>) => {
    fail({ ...finding, checkpoint: checkpoints[index].number });
    sound = Math.min(sound, index);
  };
  const keys = new Map<string, Promise<Buffer | undefined>>();
  for (let i = 0; i < checkpoints.length; i++) {
    const checkpoint = checkpoints[i];
    const before = checkpoints[i - 1];
    const expectedNumber = (before?.number ?? 0) + 1;
    const name = `checkpoint #${checkpoint.number}`;
    if (checkpoint.number !== expectedNumber) {
      const missing = checkpoint.number - 1 === expectedNumber ? `#${expectedNumber}` : `#${expectedNumber}–#${checkpoint.number - 1}`;
      unsound(i, { code: 'checkpoint-missing', message: `checkpoint ${missing} ${checkpoint.number - 1 === expectedNumber ? 'is' : 'are'} missing (deleted)` });
    } else if (!checkpoint.previous.equals(before ? checkpointDigest(before) : CHECKPOINT_GENESIS)) {
      unsound(i, { code: 'checkpoint-unlinked', message: `${name} does not name checkpoint #${expectedNumber - 1} as its predecessor (one of them was altered)` });
    }
    // Entries only: instances' clocks may disagree by a little, and the time-stamp bounds each time on its own.
    if (before && checkpoint.chainSeq <= before.chainSeq) {
      unsound(i, { code: 'checkpoint-order', message: `${name} (entry #${checkpoint.chainSeq}) does not follow checkpoint #${before.number} (entry #${before.chainSeq})` });
    }

    if (!keys.has(checkpoint.keyLabel)) keys.set(checkpoint.keyLabel, trust.checkpointKey(checkpoint.keyLabel));
    const trusted = await keys.get(checkpoint.keyLabel);
    const fingerprint = keyFingerprint(checkpoint.keySpki);
    if (!trusted) {
      unsound(i, { code: 'checkpoint-key-unknown', message: `${name} is signed by key "${checkpoint.keyLabel}" (sha256:${fingerprint}), which the key store does not hold` });
    } else if (!samePublicKey(trusted, checkpoint.keySpki)) {
      unsound(i, { code: 'checkpoint-key-unknown', message: `${name} names key "${checkpoint.keyLabel}" with public key sha256:${fingerprint}, not the key store's sha256:${keyFingerprint(trusted)} (forged)` });
    } else if (!checkpointSignatureHolds(checkpoint, trusted)) {
      unsound(i, { code: 'checkpoint-signature', message: `${name}'s signature does not verify with key "${checkpoint.keyLabel}" (altered)` });
    }

    try {
      const { genTime } = await trust.verifyTimeStamp(checkpoint.timeStampToken, checkpointImprint(checkpoint.signature));
      if (Math.abs(genTime.getTime() - checkpoint.at.getTime()) > toleranceMs) {
        unsound(i, { code: 'checkpoint-time', message: `${name} says ${checkpoint.at.toISOString()} but was time-stamped at ${genTime.toISOString()} (back- or post-dated)` });
      }
    } catch (error) {
      unsound(i, { code: 'checkpoint-time-stamp', message: `${name}'s time-stamp does not verify: ${(error as Error).message}` });
    }
  }
  return sound;
}

function checkHead(head: AuditTrail['head'], last: { seq: number; hash: Buffer }, fail: (finding: AuditFinding) => void): void {
  if (!head) {
    fail({ code: 'head-missing', seq: last.seq + 1, message: 'the stored chain head (audit_chain_head) is missing' });
  } else if (head.seq > last.seq) {
    fail({ code: 'head-ahead', seq: last.seq + 1, message: `the stored head is entry #${head.seq} but the log ends at #${last.seq}: entries #${last.seq + 1}–#${head.seq} were deleted` });
  } else if (head.seq < last.seq) {
    fail({ code: 'head-behind', seq: head.seq + 1, message: `the stored head is entry #${head.seq} but the log goes on to #${last.seq} (the head was rewritten)` });
  } else if (!head.hash.equals(last.hash)) {
    fail({ code: 'head-differs', seq: last.seq, message: `the stored head's hash differs from entry #${last.seq}'s (the head or the entry was rewritten)` });
  }
}

/** The entry the checkpoint before `checkpoint` vouched for (0 for the first). */
function precedingSeq(checkpoints: AuditCheckpoint[], checkpoint: AuditCheckpoint): number {
  const index = checkpoints.indexOf(checkpoint);
  return index > 0 ? checkpoints[index - 1].chainSeq : 0;
}

/** Same key, whatever the encoding details of either SPKI (both re-encoded by OpenSSL). */
function samePublicKey(a: Buffer, b: Buffer): boolean {
  if (a.equals(b)) return true;
  try {
    const canonical = (spki: Buffer) => createPublicKey({ key: spki, format: 'der', type: 'spki' }).export({ format: 'der', type: 'spki' });
    return canonical(a).equals(canonical(b));
  } catch {
    return false;
  }
}
