import { randomUUID } from 'node:crypto';
import { DEFAULT_PUSH_TTL_SECONDS, checkPushRequest, type PushMessage, type PushNotifier, type PushOptions, type PushPayload } from '@theqa/integrations';

export type PushListener = (message: PushMessage) => void;

export interface InMemoryPushChannelOptions {
  /** Notifications kept per device while nothing listens; the oldest go first. Default 20. */
  backlogLimit?: number;
  clock?: () => Date;
}

/**
 * The dev push service, in one process: notifications go at once to every listener of the device
 * (the wallet's open event streams, later over SSE); for a device with none they wait in a bounded
 * backlog, delivered when it next listens unless their time to live has passed. As with a real
 * service, nothing tells the sender whether the phone was listening.
 */
export class InMemoryPushChannel implements PushNotifier {
  private readonly listeners = new Map<string, Set<PushListener>>();
  private readonly backlogs = new Map<string, PushMessage[]>();
  private readonly backlogLimit: number;
  private readonly clock: () => Date;

  constructor(options: InMemoryPushChannelOptions = {}) {
    this.backlogLimit = options.backlogLimit ?? 20;
    this.clock = options.clock ?? (() => new Date());
    if (!Number.isInteger(this.backlogLimit) || this.backlogLimit < 0) throw new RangeError('backlogLimit must be a whole number ≥ 0');
  }

  async notify(deviceId: string, payload: PushPayload, options: PushOptions = {}): Promise<string> {
    checkPushRequest(deviceId, payload, options);
    const now = this.clock();
    const message: PushMessage = {
      id: `push-${randomUUID()}`,
      deviceId,
      payload: structuredClone(payload),
      sentAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + (options.ttlSeconds ?? DEFAULT_PUSH_TTL_SECONDS) * 1000).toISOString(),
    };
    const listeners = this.listeners.get(deviceId);
    if (listeners?.size) {
      for (const listener of [...listeners]) deliver(listener, message);
    } else {
      const backlog = this.pending(deviceId);
      backlog.push(message);
      backlog.splice(0, Math.max(0, backlog.length - this.backlogLimit));
      this.backlogs.set(deviceId, backlog);
    }
    return message.id;
  }

  /**
   * Calls `listener` for each notification to the device, first (synchronously) for its backlog.
   * Returns the function that stops listening.
   */
  listen(deviceId: string, listener: PushListener): () => void {
    const listeners = this.listeners.get(deviceId) ?? new Set<PushListener>();
    listeners.add(listener);
    this.listeners.set(deviceId, listeners);
    const backlog = this.pending(deviceId);
    this.backlogs.delete(deviceId);
    for (const message of backlog) deliver(listener, message);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.listeners.get(deviceId) === listeners) this.listeners.delete(deviceId);
    };
  }

  /**
   * The device's notifications as an async iterator (backlog first). Ends when `return()` is called
   * (a `for await` loop left by `break`) or `signal` aborts; notifications the consumer has not yet
   * taken are kept up to the backlog limit, the oldest dropped first.
   */
  messages(deviceId: string, options: { signal?: AbortSignal } = {}): AsyncIterableIterator<PushMessage> {
    const queue: PushMessage[] = [];
    let waiting: ((result: IteratorResult<PushMessage>) => void) | undefined;
    let finished = false;
    const stop = this.listen(deviceId, (message) => {
      if (waiting) {
        const resolve = waiting;
        waiting = undefined;
        resolve({ value: message, done: false });
      } else {
        queue.push(message);
        queue.splice(0, Math.max(0, queue.length - Math.max(1, this.backlogLimit)));
      }
    });
    const finish = () => {
      if (finished) return;
      finished = true;
      stop();
      options.signal?.removeEventListener('abort', finish);
      waiting?.({ value: undefined, done: true });
      waiting = undefined;
    };
    options.signal?.addEventListener('abort', finish, { once: true });
    if (options.signal?.aborted) finish();
    return {
      next: () => {
        const queued = queue.shift();
        if (queued) return Promise.resolve({ value: queued, done: false });
        if (finished) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (waiting = resolve));
      },
      return: async () => {
        finish();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /** What waits for a device that is not listening (expired notifications left out). */
  backlog(deviceId: string): PushMessage[] {
    return this.pending(deviceId).map((m) => structuredClone(m));
  }

  listenerCount(deviceId: string): number {
    return this.listeners.get(deviceId)?.size ?? 0;
  }

  private pending(deviceId: string): PushMessage[] {
    const now = this.clock().getTime();
    return (this.backlogs.get(deviceId) ?? []).filter((m) => Date.parse(m.expiresAt) > now);
  }
}

// One listener failing (a closed stream) must not keep the notification from the others.
function deliver(listener: PushListener, message: PushMessage): void {
  try {
    listener(structuredClone(message));
  } catch {
    // The listener's own transport reports its failures; the channel has no one to tell.
  }
}
