import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  /** Sampled milliseconds inside the window. */
  totalMs: number;
  /** Self time by where the code lives (a package of node_modules, a workspace project, node's own, GC, idle). */
  byOrigin: Array<{ origin: string; ms: number }>;
  /** Self time by function. */
  byFunction: Array<{ name: string; ms: number }>;
  /** Inclusive time of frames whose function name matches one of `inclusive` (e.g. a controller method). */
  inclusive: Array<{ name: string; ms: number }>;
  /** Self time in the workspace's own code (apps/ and libs/): the share of the CPU our code spends itself. */
  ownMs: number;
  /**
   * Each sample by the innermost workspace function on its stack (that function, or the library code it
   * called): where our code sends the CPU. Samples with no workspace frame but the request dispatcher's
   * count to the frameworks', oidc-provider's and pg's own time (an async continuation has lost its callers' frames).
   */
  byOwnCaller: Array<{ name: string; ms: number }>;
}

/** The platform's request dispatcher, on every request's stack: not a caller of interest. */
const DISPATCHER = /apps\/platform\/src\/authority-runtime\.ts$/;
const isOwn = (origin: string) => origin.startsWith('apps/') || origin.startsWith('libs/');

const ROOT = path.resolve(__dirname, '../..');

function originOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const file = url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + '/node_modules/'.length).split('/');
    return `npm:${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  if (file.startsWith('node:')) return `node:${file.slice(5).split('/')[0]}`;
  if (file.startsWith(ROOT)) return file.slice(ROOT.length + 1).split('/').slice(0, 2).join('/');
  return file;
}

/**
 * Where a process spent its CPU, from a V8 .cpuprofile (node --cpu-prof), counting only samples
 * inside the windows [fromUs, toUs] of the monotonic clock (process.hrtime in any process of this machine uses
 * the same clock as V8's profile timestamps on Linux), so setup and shutdown are left out.
 */
export function summariseCpuProfile(file: string, windows: Array<{ fromUs: number; toUs: number }>, inclusive: RegExp[] = []): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  let t = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    const delta = profile.timeDeltas[i + 1] ?? 0; // the sample stands for the time until the next one
    if (!windows.some((w) => t >= w.fromUs && t <= w.toUs)) continue;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + delta);
    total += delta;
  }
  const byOrigin = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const inclusiveUs = new Map<string, number>();
  const byOwnCaller = new Map<string, number>();
  let ownUs = 0;
  for (const [id, us] of selfUs) {
    const node = nodes.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const origin = originOf(url, functionName);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + us);
    if (isOwn(origin)) ownUs += us;
    let caller = '(no function of ours on the stack: HTTP, oidc-provider after an await, pg replies)';
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = nodes.get(at)?.callFrame;
      if (!frame) break;
      const file = frame.url.replace(/^file:\/\//, '');
      if (isOwn(originOf(frame.url, frame.functionName)) && !DISPATCHER.test(file)) {
        caller = `${frame.functionName || '(anonymous)'} ${path.relative(ROOT, file)}:${frame.lineNumber + 1}`;
        break;
      }
    }
    byOwnCaller.set(caller, (byOwnCaller.get(caller) ?? 0) + us);
    const name = `${functionName || '(anonymous)'} ${url ? `${path.relative(ROOT, url.replace(/^file:\/\//, ''))}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    if (inclusive.length) {
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const frame = nodes.get(at)?.callFrame;
        if (!frame) break;
        for (const pattern of inclusive) {
          const key = `${frame.functionName} (${originOf(frame.url, frame.functionName)})`;
          if (pattern.test(frame.functionName) && !seen.has(key)) {
            seen.add(key);
            inclusiveUs.set(key, (inclusiveUs.get(key) ?? 0) + us);
          }
        }
      }
    }
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ms: us / 1000 }));
  return {
    file,
    totalMs: total / 1000,
    byOrigin: sorted(byOrigin).map(({ name, ms }) => ({ origin: name, ms })),
    byFunction: sorted(byFunction),
    inclusive: sorted(inclusiveUs),
    ownMs: ownUs / 1000,
    byOwnCaller: sorted(byOwnCaller),
  };
}

/** The newest .cpuprofile files in a folder written by processes in `pids`. */
export function cpuProfilesOf(dir: string, pids: number[]): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile') && pids.some((pid) => f.includes(`.${pid}.`)))
    .map((f) => path.join(dir, f));
}
