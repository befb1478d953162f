import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const WORKSPACE_ROOT = path.resolve(__dirname, '../../..');

/** The platform exactly as `npm start` runs it, in a child process with the environment given. */
export class PlatformProcess {
  readonly output: string[] = [];
  private child?: ChildProcess;
  private exited: Promise<number | null> = Promise.resolve(null);

  constructor(
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(timeoutMs = 90_000): Promise<void> {
    const child = spawn(process.execPath, ['tools/run-ts.cjs', 'apps/platform/src/main.ts'], {
      cwd: WORKSPACE_ROOT,
      // The demo relying party is `npm start`'s; a test asks for it explicitly (THEQA_DEMO_RP=on).
      env: { THEQA_DEMO_RP: 'off', ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout.on('data', (chunk) => this.output.push(String(chunk)));
    child.stderr.on('data', (chunk) => this.output.push(String(chunk)));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const res = await fetch(`${this.url}/health`).catch(() => undefined);
      if (res?.status === 200) return;
      if (this.child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`platform did not become healthy:\n${this.output.join('')}`);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    this.child?.kill(signal);
    return this.exited;
  }
}

/** `npx theqa …` with the environment given; returns status, stdout and stderr. */
export function theqa(args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, ['tools/bin/theqa.cjs', ...args], { cwd: WORKSPACE_ROOT, env, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `npx theqa …` without blocking the test process: when Jest runs one file in band, the embedded
 * database of the run is served from this very process, and a synchronous child would starve it.
 */
export function theqaAsync(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['tools/bin/theqa.cjs', ...args], { cwd: WORKSPACE_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
