/**
 * The child's half of SupervisedChild: waits for its message (typed configuration), starts, tells the
 * parent `{ ready: url }` or `{ failed: reason }`, and ends itself on SIGTERM/SIGINT and when the parent
 * is gone (the IPC channel closes even when the parent is killed with SIGKILL).
 */
export function runAsSupervisedChild<T>(name: string, start: (message: T) => Promise<{ url: string; stop(): Promise<void> }>): void {
  if (!process.send) {
    process.stderr.write(`theqa: the ${name} process is started by the platform, not by hand\n`);
    process.exit(2);
  }
  let running: { stop(): Promise<void> } | undefined;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // A stop that hangs must not keep the port: the parent is gone, or asked, either way this ends.
    setTimeout(() => process.exit(1), 10_000).unref();
    await running?.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
  process.once('message', (message: T) => {
    start(message).then(
      (started) => {
        running = started;
        process.send?.({ ready: started.url });
        if (stopping) void started.stop();
      },
      (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        process.send?.({ failed: reason });
        process.stderr.write(`theqa: the ${name} process could not start: ${reason}\n`);
        process.exit(1);
      },
    );
  });
}
