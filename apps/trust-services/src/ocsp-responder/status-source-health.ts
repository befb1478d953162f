/**
 * Whether the certificate status the responder signs from can be read now, for /health: the probe
 * (a read of the database) is asked at most once per `maxAgeMs` however often /health is polled, and
 * one that does not answer within `timeoutMs` counts as unreachable, so /health never hangs on it.
 */
export class StatusSourceHealth {
  private known?: { at: number; reachable: boolean };
  private probing?: Promise<boolean>;

  constructor(
    private readonly probe: () => Promise<unknown>,
    private readonly timing: { maxAgeMs: number; timeoutMs: number } = { maxAgeMs: 1_000, timeoutMs: 2_000 },
  ) {}

  reachable(): Promise<boolean> {
    if (this.known && Date.now() - this.known.at < this.timing.maxAgeMs) return Promise.resolve(this.known.reachable);
    this.probing ??= this.ask().then((reachable) => {
      this.known = { at: Date.now(), reachable };
      this.probing = undefined;
      return reachable;
    });
    return this.probing;
  }

  private async ask(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), this.timing.timeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([this.probe().then(() => true, () => false), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
