import type { PGlite } from '@electric-sql/pglite';

interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

const SYNC = 0x53; // 'S': ends an extended-protocol batch
const QUERY = 0x51; // 'Q': a simple query is complete in itself
const TERMINATE = 0x58; // 'X'

/**
 * The order in which client connections' protocol messages reach PGlite's one session.
 *
 * pglite-socket (0.2.17) hands messages over one at a time and keeps a connection exclusive only
 * inside a transaction, so another connection's Bind can land between a Parse/Bind and its Execute
 * and replace the unnamed portal ("portal \"\" cannot be run") whenever several connections query at
 * once. Here a connection keeps the session from the first message of an extended-protocol batch to
 * its Sync, and for as long as it has a transaction open: on one shared session, that is what makes
 * concurrent connections behave like separate ones.
 *
 * Same shape as pglite-socket's own queue, which PGLiteSocketServer hands to each connection.
 */
export class ProtocolBatchQueue {
  private queue: Pending[] = [];
  private processing = false;
  /** The connection that holds the session (mid-batch or in a transaction), if any. */
  private owner: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((item) => {
      if (item.handlerId !== handlerId) return true;
      item.reject(new Error('connection closed'));
      return false;
    });
  }

  /** A connection that goes away while holding the session gives it back (rolling back its transaction). */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    void this.process();
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const index = this.owner === null ? 0 : this.queue.findIndex((item) => item.handlerId === this.owner);
        // The owner's next message has not arrived yet: everyone else waits for it.
        if (index === -1) return;
        const [item] = this.queue.splice(index, 1);
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          this.owner = null;
          item.reject(error);
          continue;
        }
        const type = item.message[0];
        const startup = type === 0 && item.message.length >= 8;
        const batchEnds = type === SYNC || type === QUERY || type === TERMINATE || startup;
        this.owner = !batchEnds || this.db.isInTransaction() ? item.handlerId : null;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }
}
