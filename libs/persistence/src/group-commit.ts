/**
 * Merges concurrent calls into one database write. Calls that arrive while a write is in flight wait
 * for it and then go out together in the next one, so N callers cost one round trip (and one
 * transaction) instead of N, and a lone caller is never delayed by a timer. `write` answers each item
 * in order: a value, or an Error for that item alone; if it throws, the whole batch is refused with it.
 */
export class GroupCommit<T, R> {
  private queue: Array<{ item: T; resolve: (value: R) => void; reject: (error: unknown) => void }> = [];
  private draining = false;

  constructor(
    private readonly write: (items: T[]) => Promise<Array<R | Error>>,
    private readonly maxBatch = 256,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.length <= this.maxBatch ? this.queue : this.queue.slice(0, this.maxBatch);
        this.queue = batch === this.queue ? [] : this.queue.slice(this.maxBatch);
        try {
          const outcomes = await this.write(batch.map((w) => w.item));
          batch.forEach((waiting, i) => {
            const outcome = outcomes[i];
            if (outcome instanceof Error) waiting.reject(outcome);
            else waiting.resolve(outcome);
          });
        } catch (error) {
          for (const waiting of batch) waiting.reject(error);
        }
      }
    } finally {
      this.draining = false;
    }
  }
}
