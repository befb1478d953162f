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
