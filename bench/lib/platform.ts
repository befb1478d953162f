import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@theqa/testing';

const ROOT = path.resolve(__dirname, '../..');
const CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ, what /proc/<pid>/stat counts in

export interface BenchPlatform {
  url: string;
  pid: number;
  /** THEQA_CA_API_TOKEN of this instance. */
  token: string;
  /** Scratch folder of this run (embedded database, dev keys); removed by stop(). */
  dir: string;
  database: 'DATABASE_URL' | 'embedded PGlite';
  /** Where the platform's CPU profile will be written on stop, when BENCH_CPU_PROF asked for one. */
  cpuProfileDir?: string;
  output: string[];
  stop(): Promise<void>;
}

/**
 * The platform as `npm start` runs it (tools/run-ts.cjs apps/platform/src/main.ts), in a child process:
 * on DATABASE_URL when it is set, otherwise on an embedded database in a fresh folder; fresh dev keys,
 * a random issuance token, LOG_LEVEL=warn. Unlike PlatformProcess from @theqa/testing it exposes the
 * pid, so benchmarks can read its CPU time. With BENCH_CPU_PROF=<dir> the child runs under
 * `node --cpu-prof` and writes a .cpuprofile there when it stops. `entry` runs another entry point the
 * same way (a prototype of a change, for comparison).
 */
export async function startBenchPlatform(name: string, options: { entry?: string; env?: NodeJS.ProcessEnv } = {}): Promise<BenchPlatform> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `theqa-bench-${name}-`));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const token = randomBytes(30).toString('base64url');
  const cpuProfileDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: url,
    THEQA_DATA_DIR: path.join(dir, 'data'),
    THEQA_DEV_DIR: path.join(dir, 'dev'),
    THEQA_CA_API_TOKEN: token,
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  // Node 20 refuses --cpu-prof in NODE_OPTIONS: it goes on the command line.
  const profile = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
  if (cpuProfileDir) fs.mkdirSync(cpuProfileDir, { recursive: true });
  const output: string[] = [];
  const child: ChildProcess = spawn(process.execPath, [...profile, 'tools/run-ts.cjs', options.entry ?? 'apps/platform/src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk) => output.push(String(chunk)));
  child.stderr?.on('data', (chunk) => output.push(String(chunk)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const res = await fetch(`${url}/health`).catch(() => undefined);
      if (res?.status === 200) break;
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the platform did not become healthy:\n${output.join('')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pid: child.pid as number, token, dir, database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PGlite', cpuProfileDir, output, stop };
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc; with `reapedChildren`, plus those of
 * its children that have exited and been waited for. Undefined if it is gone.
 */
export function processCpuSeconds(pid: number, reapedChildren = false): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15)
    const children = reapedChildren ? Number(fields[13]) + Number(fields[14]) : 0; // cutime, cstime (16, 17)
    return (own + children) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** The postmaster listening on `port` and its children (backends, WAL writer…), found by scanning /proc; postmaster first. */
export function postgresPids(port: number): number[] {
  const pids = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  const postmaster = pids.find((pid) => {
    try {
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return path.basename(argv[0]) === 'postgres' && argv.some((a, i) => (a === '-p' && argv[i + 1] === String(port)) || a === `-p${port}` || a === `port=${port}`);
    } catch {
      return false;
    }
  });
  if (!postmaster) return [];
  const children = pids.filter((pid) => {
    try {
      return /^PPid:\s+(\d+)$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] === postmaster;
    } catch {
      return false;
    }
  });
  return [Number(postmaster), ...children.map(Number)];
}

/**
 * CPU seconds of the PostgreSQL server listening on `port` (its postmaster and every child: backends,
 * WAL writer, checkpointer…). Other PostgreSQL servers on this machine (other engineers' tests) are
 * not counted. Undefined when no such server runs here (a remote DATABASE_URL).
 */
export function postgresCpuSeconds(port: number): number | undefined {
  const [postmaster, ...children] = postgresPids(port);
  if (postmaster === undefined) return undefined;
  // The postmaster's own time with its exited children's (backends that disconnected: cutime, cstime), then the live ones'.
  let total = processCpuSeconds(postmaster, true) ?? 0;
  for (const pid of children) total += processCpuSeconds(pid) ?? 0;
  return total;
}

/** Measures how many cores a set of processes kept busy while `work` ran. */
export async function withCpuMeter<T>(meters: Record<string, () => number | undefined>, work: () => Promise<T>): Promise<{ result: T; cores: Record<string, number>; seconds: number }> {
  const before = Object.fromEntries(Object.entries(meters).map(([k, read]) => [k, read() ?? 0]));
  const started = process.hrtime.bigint();
  const result = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cores = Object.fromEntries(Object.entries(meters).map(([k, read]) => [k, ((read() ?? 0) - before[k]) / seconds]));
  return { result, cores, seconds };
}

/** The bench process's own CPU seconds (its HTTP client, when it is the load generator). */
export const selfCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
