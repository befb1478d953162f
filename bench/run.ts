import { healthBenchmark } from './health.bench';
import { crlBenchmark } from './crl.bench';
import { issuanceBenchmark } from './issuance.bench';
import { httpIssuanceBenchmark } from './issuance-http.bench';
import { ocspBenchmark } from './ocsp.bench';
import { loginBenchmark } from './login.bench';
import { signingBenchmark } from './signing.bench';
import type { Benchmark, BenchmarkReport } from './lib/benchmark';

// `npm run bench -- <name> [args…]` runs one benchmark; with no name, lists them.
const benchmarks: Benchmark[] = [healthBenchmark, issuanceBenchmark, crlBenchmark, ocspBenchmark, httpIssuanceBenchmark, loginBenchmark, signingBenchmark];

function format(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

function print(bench: Benchmark, result: BenchmarkReport, json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify({ benchmark: bench.name, ...result }) + '\n');
    return;
  }
  const lines = [
    `benchmark  ${bench.name}: ${bench.description}`,
    `figure     ${format(result.figure.value)} ${result.figure.unit}  (${result.figure.label})`,
    `reference  ${format(result.reference.value)} ${result.reference.unit}  (${result.reference.label}, same run)`,
    `ratio      ${result.ratio.toFixed(3)}`,
    ...(result.target ? [`target     ${result.target}`] : []),
    ...(result.notes ?? []).map((note) => `note       ${note}`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  const [name, ...args] = argv.filter((a) => a !== '--json');
  const bench = benchmarks.find((b) => b.name === name);
  if (!bench) {
    process.stderr.write(`${name ? `no benchmark named "${name}"\n` : ''}usage: npm run bench -- <name> [args…] [--json]\n`);
    for (const b of benchmarks) process.stderr.write(`  ${b.name.padEnd(12)} ${b.description}\n`);
    process.exitCode = name ? 2 : 0;
    return;
  }
  print(bench, await bench.run(args), json);
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (process.env.BENCH_STACK ? error.stack : error.message) : String(error)}\n`);
  process.exitCode = 1;
});
