import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@theqa/http-shell';
import { WORKSPACE_ROOT } from '@theqa/testing';
import { RestartPolicy } from '../src/supervision/restart-policy';
import { SupervisedChild } from '../src/supervision/supervised-child';

const CHILD = path.join(__dirname, 'fixtures', 'crashing-child.cjs');
const logger = createLogger({ level: 'silent' });
const until = async (condition: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('restart policy', () => {
  it('backs off exponentially up to its ceiling, and gives up after repeated crashes in its window', () => {
    const policy = new RestartPolicy({ initialMs: 1_000, maxMs: 5_000, maxCrashes: 5, windowMs: 60_000 });
    expect([0, 1, 2, 3].map((i) => policy.afterCrash(i * 1_000))).toEqual([1_000, 2_000, 4_000, 5_000]);
    expect(policy.afterCrash(4_000)).toBeUndefined();
  });

  it('forgets crashes older than its window', () => {
    const policy = new RestartPolicy({ initialMs: 100, maxMs: 10_000, maxCrashes: 3, windowMs: 1_000 });
    expect(policy.afterCrash(0)).toBe(100);
    expect(policy.afterCrash(10)).toBe(200);
    expect(policy.afterCrash(5_000)).toBe(100);
    expect(policy.recentCrashes).toBe(1);
  });
});

describe('a supervised child process', () => {
  it('is restarted after a crash, and given up on after repeated crashes, which its health says', async () => {
    const child = await SupervisedChild.start({
      name: 'fixture',
      entry: CHILD,
      message: { crashAfterMs: 100 },
      logger,
      policy: { initialMs: 20, maxMs: 100, maxCrashes: 3, windowMs: 60_000 },
    });
    try {
      expect(child.health()).toMatchObject({ state: 'running', restarts: 0 });
      expect(await (await fetch(child.url!)).text()).toBe('up');
      await until(() => child.health().state === 'given-up');
      expect(child.health()).toMatchObject({ state: 'given-up', restarts: 2, lastExit: { code: 3 } });
      expect(child.url).toBeUndefined();
    } finally {
      await child.stop();
    }
  });

  it('stops with its parent, even when the parent is killed with SIGKILL', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-orphan-'));
    const pidFile = path.join(dir, 'pids');
    const parent = spawn(process.execPath, ['tools/run-ts.cjs', 'apps/platform/test/fixtures/supervising-parent.ts', pidFile], { cwd: WORKSPACE_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        parent.stdout.on('data', (chunk) => String(chunk).startsWith('ready') && resolve());
        parent.once('exit', (code) => reject(new Error(`the parent exited (${code})`)));
      });
      const childPid = Number(fs.readFileSync(pidFile, 'utf8').trim());
      expect(alive(childPid)).toBe(true);
      parent.kill('SIGKILL');
      await until(() => !alive(childPid));
    } finally {
      parent.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
