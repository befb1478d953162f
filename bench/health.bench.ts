import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { freePort } from '@theqa/testing';
import { report, type Benchmark } from './lib/benchmark';
import { measureRequestsPerSecond } from './lib/http-load';

const ROOT = path.resolve(__dirname, '..');

/**
 * GET /health of the platform (Nest, request id, JSON logs, a database round trip and the migration
 * check) against a bare node:http server answering the same JSON: the cost of the service shell.
 */
export const healthBenchmark: Benchmark = {
  name: 'health',
  description: 'GET /health on the platform vs a bare node:http server (requests/s)',
  async run(args) {
    const seconds = Number(args[0] ?? 5);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-bench-'));
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), THEQA_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    const platform = spawn(process.execPath, ['tools/run-ts.cjs', 'apps/platform/src/main.ts'], { cwd: ROOT, env, stdio: 'ignore' });
    try {
      await waitForHealth(`http://127.0.0.1:${port}/health`);
      const body = await (await fetch(`http://127.0.0.1:${port}/health`)).text();
      const bare = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
      await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
      const barePort = (bare.address() as AddressInfo).port;

      const ours = await measureRequestsPerSecond(`http://127.0.0.1:${port}/health`, { seconds });
      const reference = await measureRequestsPerSecond(`http://127.0.0.1:${barePort}/health`, { seconds });
      bare.close();
      return report(
        { label: 'platform GET /health', value: ours, unit: 'req/s' },
        { label: 'bare node:http, same body', value: reference, unit: 'req/s' },
        { notes: [`database: ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PGlite'}`, 'loader and servers share this machine'] },
      );
    } finally {
      platform.kill('SIGTERM');
      await new Promise((resolve) => platform.once('exit', resolve));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if ((await fetch(url).catch(() => undefined))?.status === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} never became healthy`);
}
