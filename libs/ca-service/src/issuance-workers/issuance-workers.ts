import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AuthorityRegistry, CaEventSink, CertificateLedger, CitizenCertificateRequest, IssuedCertificate } from '@theqa/ca';
import type { KeyStoreConfig } from '@theqa/keys';
import { BatchedPort, ownBytes } from './batched-port';
import { asBuffer, deserialiseError, serialiseError, type FromWorker, type ToWorker, type WorkerSetup } from './protocol';

interface Thread {
  worker: Worker;
  outbox: BatchedPort<ToWorker>;
  ready: Promise<void>;
  inFlight: Map<number, { resolve: (issued: IssuedCertificate) => void; reject: (error: Error) => void }>;
}

/**
 * Citizen issuance on worker threads: CSR verification, certificate building and signing run beside
 * the main thread, which keeps HTTP and the database (the workers' ledger and audit calls come back to
 * it, and are group-committed with everyone else's). Only for the software key store: each worker opens
 * the same encrypted key files with the master key from the settings, handed over in memory, so keys
 * never leave the process; PKCS#11 keys stay on their token and issuance stays on the main thread.
 */
export class IssuanceWorkers {
  private readonly threads: Thread[] = [];
  private nextId = 0;
  private closing = false;

  private constructor(
    private readonly setup: WorkerSetup,
    private readonly loader: string | undefined,
    private readonly ledger: CertificateLedger,
    private readonly events: CaEventSink,
    private readonly onError: (error: unknown) => void,
  ) {}

  /**
   * Starts `size` workers and returns at once: `ready` resolves when every one has loaded the hierarchy
   * (or rejects with why one could not, the pool then closed). Until then `running` is false.
   */
  static start(options: {
    size: number;
    keyStore: Extract<KeyStoreConfig, { kind: 'software' }>;
    certsDir: string;
    publicBaseUrl: string;
    /** A module each thread requires before its own code (the TypeScript loader, from sources). */
    loader?: string;
    authorities: AuthorityRegistry;
    ledger: CertificateLedger;
    events: CaEventSink;
    onError?: (error: unknown) => void;
  }): IssuanceWorkers {
    if (options.keyStore.kind !== 'software') throw new Error('issuance workers need the software key store');
    const setup: WorkerSetup = {
      keyStore: options.keyStore,
      certsDir: options.certsDir,
      publicBaseUrl: options.publicBaseUrl,
      authorities: options.authorities.all().map((a) => ({ name: a.name, certificateDer: a.certificateDer })),
    };
    const loader = options.loader;
    const pool = new IssuanceWorkers(setup, loader, options.ledger, options.events, options.onError ?? (() => undefined));
    for (let i = 0; i < options.size; i++) pool.threads.push(pool.spawn());
    pool.ready = Promise.all(pool.threads.map((t) => t.ready)).then(
      () => {
        pool.running = !pool.closing;
      },
      async (error: unknown) => {
        await pool.close();
        throw error;
      },
    );
    return pool;
  }

  /** Settles once every worker is ready (see start). */
  ready: Promise<void> = Promise.resolve();
  /** True once every worker is ready, until close. */
  running = false;

  get size(): number {
    return this.threads.length;
  }

  /** As CertificateIssuer.issueForCitizen, on the least busy worker. */
  issueForCitizen(request: CitizenCertificateRequest): Promise<IssuedCertificate> {
    if (this.closing) return Promise.reject(new Error('issuance workers are stopped'));
    const thread = this.threads.reduce((best, t) => (t.inFlight.size < best.inFlight.size ? t : best));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      thread.inFlight.set(id, { resolve, reject });
      thread.outbox.send({ op: 'issue', id, request: typeof request.csr === 'string' ? request : { ...request, csr: ownBytes(request.csr) as Buffer } });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    this.running = false;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }

  private spawn(): Thread {
    const worker = new Worker(bootstrap(this.loader), { eval: true, workerData: this.setup });
    const inFlight: Thread['inFlight'] = new Map();
    let started!: () => void;
    let failed!: (error: Error) => void;
    let isReady = false;
    const ready = new Promise<void>((resolve, reject) => ((started = resolve), (failed = reject)));
    // Only start() awaits the first threads' readiness; a replacement's failure is its exit, handled below.
    ready.catch(() => undefined);
    const thread: Thread = { worker, outbox: new BatchedPort<ToWorker>(worker), ready, inFlight };
    const becameReady = () => {
      isReady = true;
      started();
    };
    worker.on('message', (messages: FromWorker[]) => {
      for (const message of messages) this.receive(thread, message, becameReady);
    });
    worker.on('error', (error) => {
      failed(error);
      this.onError(error);
    });
    worker.on('exit', (code) => {
      const error = new Error(`issuance worker stopped (exit code ${code})`);
      failed(error);
      for (const waiting of inFlight.values()) waiting.reject(error);
      inFlight.clear();
      // A worker that dies under way is replaced (one that never started is not: it would only fail again);
      // its requests have failed, and serials it had reserved stay pending until recovery revokes them.
      if (!this.closing && isReady) {
        const replacement = this.spawn();
        this.threads[this.threads.indexOf(thread)] = replacement;
      }
    });
    return thread;
  }

  private receive(thread: Thread, message: FromWorker, started: () => void): void {
    switch (message.op) {
      case 'ready':
        return started();
      case 'issued':
      case 'failed': {
        const waiting = thread.inFlight.get(message.id);
        thread.inFlight.delete(message.id);
        if (message.op === 'issued') waiting?.resolve({ ...message.issued, der: asBuffer(message.issued.der) });
        else waiting?.reject(deserialiseError(message.error));
        return;
      }
      case 'reserve':
        return this.answer(thread, message.call, this.ledger.reserve({ ...message.pending, spkiSha256: asBuffer(message.pending.spkiSha256) }));
      case 'complete':
        return this.answer(thread, message.call, this.ledger.complete(message.serialHex, asBuffer(message.der), message.issuedAt));
      case 'record':
        return this.answer(thread, message.call, this.events.record({ ...message.event, details: JSON.parse(message.detailsJson) as Record<string, unknown> }));
    }
  }

  private answer(thread: Thread, call: number, work: Promise<void>): void {
    work.then(
      () => thread.outbox.send({ op: 'answer', call }),
      (error: unknown) => thread.outbox.send({ op: 'answer', call, error: serialiseError(error) }),
    );
  }
}

/** The worker's first lines: the loader the caller named (sources need one; a build runs the .js itself), then the worker. */
function bootstrap(loader: string | undefined): string {
  const entry = path.join(__dirname, `issuance-worker${path.extname(__filename)}`);
  return `${loader ? `require(${JSON.stringify(loader)});` : ''}require(${JSON.stringify(entry)});`;
}
