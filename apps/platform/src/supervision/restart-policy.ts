/**
 * When to restart a crashed child process, and when to stop trying: exponential backoff from `initialMs`
 * up to `maxMs`; after `maxCrashes` crashes within `windowMs` the child is given up on (a process that
 * dies at every start would otherwise be restarted forever, and hide the fault in a stream of logs).
 * A child that stayed up for `windowMs` has its count forgotten.
 */
export interface RestartPolicyOptions {
  initialMs: number;
  maxMs: number;
  maxCrashes: number;
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicyOptions = { initialMs: 1_000, maxMs: 30_000, maxCrashes: 5, windowMs: 10 * 60_000 };

export class RestartPolicy {
  private crashes: number[] = [];

  constructor(private readonly options: RestartPolicyOptions = DEFAULT_RESTART_POLICY) {}

  /** Records a crash at `now`: the delay before the next start, or undefined to give up. */
  afterCrash(now = Date.now()): number | undefined {
    this.crashes = [...this.crashes.filter((at) => now - at < this.options.windowMs), now];
    if (this.crashes.length >= this.options.maxCrashes) return undefined;
    return Math.min(this.options.maxMs, this.options.initialMs * 2 ** (this.crashes.length - 1));
  }

  /** Crashes counted in the current window. */
  get recentCrashes(): number {
    return this.crashes.length;
  }
}
