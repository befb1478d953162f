import type { MessagePort, Worker } from 'node:worker_threads';

/**
 * Messages to another thread, sent together: everything queued in one turn of the event loop goes as one
 * postMessage of an array. A postMessage (serialising, waking the other thread) costs tens of
 * microseconds; with dozens of issuances in flight, one per turn instead of one per message matters.
 */
export class BatchedPort<T> {
  private queue: T[] = [];

  constructor(private readonly port: MessagePort | Worker) {}

  send(message: T): void {
    if (this.queue.length === 0) setImmediate(this.flush);
    this.queue.push(message);
  }

  private readonly flush = () => {
    const batch = this.queue;
    this.queue = [];
    this.port.postMessage(batch);
  };
}

/**
 * A Buffer as its own exact-size bytes. Small Buffers share Node's 8 KB pool, and a structured clone
 * copies the whole ArrayBuffer behind a view: 8 KB for a 32-byte hash, unless it is cut out first.
 */
export const ownBytes = (bytes: Uint8Array): Uint8Array => (bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes));
