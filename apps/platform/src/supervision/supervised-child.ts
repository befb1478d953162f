import { fork, type ChildProcess } from 'node:child_process';
import type { Logger } from '@theqa/http-shell';
import { RestartPolicy, type RestartPolicyOptions } from './restart-policy';

const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 10_000;

/** What /health says of a supervised child. */
export interface ChildHealth {
  name: string;
  state: 'starting' | 'running' | 'restarting' | 'given-up' | 'stopped';
  url?: string;
  restarts: number;
  lastExit?: { code: number | null; signal: NodeJS.Signals | null; at: string };
}

export interface SupervisedChildOptions {
  /** For logs and /health, e.g. "ocsp-responder". */
  name: string;
  /** The module to fork and the Node arguments it needs (e.g. the TypeScript loader from sources). */
  entry: string;
  args?: string[];
  /** Sent to the child once it is up (its typed configuration): the child reads no environment of its own. */
  message: unknown;
  logger: Logger;
  policy?: RestartPolicyOptions;
}

/**
 * A child process that tells its parent `{ ready: url }` (or `{ failed: reason }`) and is kept running:
 * restarted with backoff after an unexpected exit, given up on after repeated crashes (said in the log
 * and in /health), stopped with the platform. The child ends itself when the parent disappears, even
 * by `kill -9` (its IPC channel closes), so no orphan keeps a port.
 */
export class SupervisedChild {
  private child?: ChildProcess;
  private readonly policy: RestartPolicy;
  private stopping = false;
  private status: ChildHealth;
  private readonly log: Logger;

  private constructor(private readonly options: SupervisedChildOptions) {
    this.policy = new RestartPolicy(options.policy);
    this.status = { name: options.name, state: 'starting', restarts: 0 };
    this.log = options.logger.child({ component: options.name });
  }

  /** Starts the child and waits until it is ready; a child that cannot start at all is an error. */
  static async start(options: SupervisedChildOptions): Promise<SupervisedChild> {
    const supervised = new SupervisedChild(options);
    await supervised.launch();
    return supervised;
  }

  get url(): string | undefined {
    return this.status.url;
  }

  health(): ChildHealth {
    return { ...this.status };
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.status = { ...this.status, state: 'stopped' };
    if (this.child) await stopChild(this.child);
  }

  private async launch(): Promise<void> {
    const { process: child, url } = await startChild(this.options);
    this.child = child;
    this.status = { ...this.status, state: 'running', url };
    child.once('exit', (code, signal) => this.onExit(code, signal));
    if (this.stopping) await stopChild(child);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping) return;
    const lastExit = { code, signal, at: new Date().toISOString() };
    const delay = this.policy.afterCrash();
    if (delay === undefined) {
      this.status = { ...this.status, state: 'given-up', url: undefined, lastExit };
      this.log.error({ code, signal, crashes: this.policy.recentCrashes }, `the ${this.options.name} process keeps crashing; no more restarts (restart the platform once the cause is fixed)`);
      return;
    }
    this.status = { ...this.status, state: 'restarting', url: undefined, lastExit };
    this.log.error({ code, signal, restartInMs: delay }, `the ${this.options.name} process exited; restarting it`);
    setTimeout(() => {
      if (this.stopping) return;
      this.status = { ...this.status, restarts: this.status.restarts + 1 };
      this.launch().catch((error: unknown) => {
        this.log.error({ err: error }, `the ${this.options.name} process could not be restarted`);
        this.onExit(null, null);
      });
    }, delay).unref();
  }
}

function startChild(options: SupervisedChildOptions): Promise<{ process: ChildProcess; url: string }> {
  const child = fork(options.entry, options.args ?? [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the ${options.name} process did not start in time`)), START_TIMEOUT_MS);
    const onMessage = (message: { ready?: string; failed?: string }) => {
      if (message?.ready) {
        cleanup();
        resolve({ process: child, url: message.ready });
      } else if (message?.failed) fail(new Error(`the ${options.name} process could not start: ${message.failed}`));
    };
    const onExit = (code: number | null) => fail(new Error(`the ${options.name} process exited during start (code ${code})`));
    function cleanup() {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    }
    function fail(error: Error) {
      cleanup();
      void stopChild(child);
      reject(error);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(options.message as object);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
