import v8 from 'node:v8';
import vm from 'node:vm';
/** A measured figure: what was done, how much of it, per what. */
export interface Figure {
  label: string;
  value: number;
  unit: string;
}

/** What a benchmark reports: our figure, the reference measured in the same run, and their ratio. */
export interface BenchmarkReport {
  figure: Figure;
  reference: Figure;
  /** figure / reference; > 1 means we are faster when the unit is a rate. */
  ratio: number;
  target?: string;
  notes?: string[];
}

export interface Benchmark {
  name: string;
  description: string;
  run(args: string[]): Promise<BenchmarkReport>;
}

export function report(figure: Figure, reference: Figure, extra: Partial<BenchmarkReport> = {}): BenchmarkReport {
  return { figure, reference, ratio: figure.value / reference.value, ...extra };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** How fast a loop ran: per second of wall time, and per second of this process's CPU time (all its threads). */
export interface Rate {
  wall: number;
  cpu: number;
}

/**
 * Runs `count` sequential steps and measures both rates. On a shared machine the wall-clock rate counts
 * the time other processes held the core; the CPU-time rate is what one core does for this work (it also
 * counts helper threads — GC, WebCrypto's thread pool — so it never flatters a multi-threaded path).
 */
export async function measureRate(count: number, step: (index: number) => Promise<unknown> | unknown): Promise<Rate> {
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await step(i);
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return { wall: count / wallSeconds, cpu: count / ((cpu.user + cpu.system) / 1e6) };
}

/** A full garbage collection, now (V8's gc, exposed for the call): between measured loops, so none pays for another's garbage. */
export function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/** Lets the collector's helper threads finish their work outside any measurement. */
export function settle(ms = 50): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
