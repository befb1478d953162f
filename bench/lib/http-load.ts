import http from 'node:http';

/**
 * A closed-loop HTTP load: `connections` keep-alive connections, each sending its next request when
 * the previous answer has arrived, for `seconds`. Both sides of a comparison use this same loader,
 * so the ratio is fair even though the loader itself costs CPU.
 */
export async function measureRequestsPerSecond(url: string, options: { connections?: number; seconds?: number; expectStatus?: number } = {}): Promise<number> {
  const connections = options.connections ?? 16;
  const durationMs = (options.seconds ?? 5) * 1000;
  const expectStatus = options.expectStatus ?? 200;
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  let completed = 0;
  let failures = 0;
  const deadline = Date.now() + durationMs;
  const started = process.hrtime.bigint();

  const one = () =>
    new Promise<void>((resolve) => {
      const req = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === expectStatus) completed++;
          else failures++;
          resolve();
        });
      });
      req.on('error', () => {
        failures++;
        resolve();
      });
      req.end();
    });

  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) await one();
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  if (failures > completed / 100) throw new Error(`${failures} of ${completed + failures} requests to ${url} failed`);
  return completed / elapsed;
}
