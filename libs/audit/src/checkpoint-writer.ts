import { CHECKPOINT_GENESIS, checkpointDigest, checkpointImprint, checkpointStatement, type AuditCheckpoint } from './checkpoint';

/** Where checkpoints are kept: the persistence library implements it on PostgreSQL. */
export interface CheckpointStore {
  /** The chain head and the latest checkpoint, read in one snapshot (a checkpoint never names a head its snapshot lacks). */
  state(): Promise<{ head: { seq: number; hash: Buffer } | undefined; latest: AuditCheckpoint | undefined }>;
  /** Stores the checkpoint unless one of its number exists (another instance was quicker): true when stored. */
  insert(checkpoint: AuditCheckpoint): Promise<boolean>;
}

/** The checkpoint key as the key store hands it out (a SigningKey of @theqa/keys fits). */
export interface CheckpointSigningKey {
  readonly label: string;
  readonly signatureAlgorithm: string;
  readonly publicKeySpki: Buffer;
  sign(data: Buffer): Promise<Buffer>;
}

/** The platform's TSA: an RFC 3161 time-stamp token (DER) over a SHA-256 imprint. */
export interface CheckpointTimeStamper {
  timeStamp(sha256: Buffer): Promise<Buffer>;
}

export interface CheckpointWriterOptions {
  store: CheckpointStore;
  /** Made on first use (the first checkpoint), not when the writer is made. */
  key: () => Promise<CheckpointSigningKey>;
  timeStamper: () => Promise<CheckpointTimeStamper>;
  clock?: () => Date;
  /** Each checkpoint written: logged, so that a copy of the latest lives outside the database. */
  onWritten?: (checkpoint: AuditCheckpoint, digest: Buffer) => void;
  /** A checkpoint on the timer that failed; the next tick tries again. */
  onError?: (error: unknown) => void;
}

/** Instances racing for the same number retry against the new latest; a handful of rounds is plenty. */
const ATTEMPTS = 5;

/**
 * Signs the audit chain's head into a checkpoint, time-stamps it and stores it: on a timer, only when
 * the head moved since the latest checkpoint (of any instance), and once more when stopped. Several
 * instances may write at once: a checkpoint's number is its primary key, the loser of a race re-reads
 * and either finds its head already covered or writes the next number.
 */
export class AuditCheckpointWriter {
  private timer?: NodeJS.Timeout;
  private running: Promise<AuditCheckpoint | undefined> = Promise.resolve(undefined);
  private stopped = false;

  constructor(private readonly options: CheckpointWriterOptions) {}

  /** Writes a checkpoint of the current head, unless the latest already covers it; one at a time in this process. */
  checkpoint(): Promise<AuditCheckpoint | undefined> {
    const next = this.running.catch(() => undefined).then(() => this.write());
    this.running = next;
    return next;
  }

  /** Checkpoints every `intervalMs` from now on (the timer never keeps the process alive). */
  start(intervalMs: number): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => {
      this.checkpoint().catch((error: unknown) => this.options.onError?.(error));
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and writes the shutdown checkpoint (call it after the last append was flushed). */
  async stop(): Promise<AuditCheckpoint | undefined> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    return this.checkpoint();
  }

  private async write(): Promise<AuditCheckpoint | undefined> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const { head, latest } = await this.options.store.state();
      if (latest && (!head || head.seq < latest.chainSeq || (head.seq === latest.chainSeq && !head.hash.equals(latest.chainHash)))) {
        // Only tampering gives this; signing on top of it would vouch for the tampered log.
        throw new Error(`the audit chain head (${head ? `#${head.seq}` : 'missing'}) contradicts checkpoint #${latest.number} (entry #${latest.chainSeq}): run \`npx theqa audit verify\``);
      }
      if (!head || head.seq === 0 || (latest && head.seq === latest.chainSeq)) return undefined;
      const checkpoint = await this.sign(head, latest);
      if (await this.options.store.insert(checkpoint)) {
        this.options.onWritten?.(checkpoint, checkpointDigest(checkpoint));
        return checkpoint;
      }
    }
    throw new Error(`no audit checkpoint written: ${ATTEMPTS} attempts lost the race to other instances`);
  }

  private async sign(head: { seq: number; hash: Buffer }, latest: AuditCheckpoint | undefined): Promise<AuditCheckpoint> {
    const key = await this.options.key();
    const at = (this.options.clock ?? (() => new Date()))();
    const statement = {
      number: (latest?.number ?? 0) + 1,
      chainSeq: head.seq,
      chainHash: head.hash,
      at,
      previous: latest ? checkpointDigest(latest) : CHECKPOINT_GENESIS,
      keyLabel: key.label,
      keySpki: key.publicKeySpki,
    };
    const signature = await key.sign(checkpointStatement(statement));
    const timeStampToken = await (await this.options.timeStamper()).timeStamp(checkpointImprint(signature));
    return { ...statement, signatureAlgorithm: key.signatureAlgorithm, signature, timeStampToken };
  }
}
