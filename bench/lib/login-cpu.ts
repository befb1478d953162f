import fs from 'node:fs';

/**
 * CPU time of processes to the nanosecond, from /proc/<pid>/task/<tid>/schedstat (the scheduler's own
 * sum_exec_runtime of every thread, where /proc/<pid>/stat counts 10 ms ticks), and the time their
 * threads waited in the run queue for a core: that second figure is what a machine shared with other
 * work costs a process, separately from what it used.
 */
export interface SchedTimes {
  cpuNs: number;
  waitNs: number;
}

export function schedTimes(pids: number[]): SchedTimes {
  let cpuNs = 0;
  let waitNs = 0;
  for (const pid of pids) {
    let tasks: string[];
    try {
      tasks = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // gone
    }
    for (const tid of tasks) {
      try {
        const [run, wait] = fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ');
        cpuNs += Number(run);
        waitNs += Number(wait);
      } catch {
        // thread gone meanwhile
      }
    }
  }
  return { cpuNs, waitNs };
}

/**
 * CPU nanoseconds of each of `pids` (all its threads); a process gone since is absent, so a difference of
 * two readings counts only the processes present in both (cpuDelta) and never goes negative.
 */
export function cpuNsByPid(pids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    const { cpuNs } = schedTimes([pid]);
    if (cpuNs > 0 || fs.existsSync(`/proc/${pid}`)) out.set(pid, cpuNs);
  }
  return out;
}

export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let ns = 0;
  for (const [pid, value] of after) {
    const was = before.get(pid);
    if (was !== undefined) ns += Math.max(0, value - was);
  }
  return ns;
}

export { postgresPids } from './platform';

/** User and system CPU seconds of a process (its own threads), from /proc/<pid>/stat. */
export function userSystemSeconds(pid: number): { user: number; system: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
  } catch {
    return undefined;
  }
}
