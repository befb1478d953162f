import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { median, report, type Benchmark } from './lib/benchmark';
import { assertOpensslAcceptsCsr, makeCsrs, memoryCertificateAuthority } from './lib/ca-fixture';
import { cfsslInstalled, cfsslVersion, makeCfsslCa, startCfssl } from './lib/cfssl';
import { csrPem, issuanceRequestBody, issueOverHttp } from './lib/issuance-request';
import { peculiarReference } from './lib/peculiar-reference';
import { postgresCpuSeconds, processCpuSeconds, selfCpuSeconds, startBenchPlatform, withCpuMeter } from './lib/platform';

export const NEEDS_POSTGRES =
  'issuance-http needs a real PostgreSQL (DATABASE_URL is not set; the embedded PGlite is one session and would measure only that). ' +
  'Run it on a throwaway server: tools/ci/with-postgres.sh npm run bench -- issuance-http';

/**
 * Certificate issuance end to end: `POST /ca/certificates` (bearer token, JSON with a base64 DER
 * PKCS#10) → CSR and proof of possession checked, serial reserved in PostgreSQL, signed, completed,
 * audit entry appended → 201 with the certificate; ~32 requests in flight over keep-alive for
 * `seconds`, each with its own pre-generated device key. Afterwards the database must show exactly as
 * many new good device-authentication certificates as 201s were counted, and at least as many new
 * audit entries. The reference, in the same run with rounds interleaved, is CloudFlare's `cfssl
 * serve` signing the same CSRs through /api/v1/cfssl/sign at the same concurrency (no database); if
 * cfssl is not installed, the platform's own issuer in-process (memory ledger) on the same CSRs. A
 * note gives the ratio to straightforward @peculiar/x509 issuance (in this process, one thread) too.
 *
 * `tools/ci/with-postgres.sh npm run bench -- issuance-http [seconds = 10] [rounds = 3] [csrs = 20000]`
 * BENCH_CONCURRENCY (32); BENCH_CPU_PROF=<dir> profiles the platform; THEQA_ISSUANCE_WORKERS reaches the platform.
 */
export const httpIssuanceBenchmark: Benchmark = {
  name: 'issuance-http',
  description: 'POST /ca/certificates end to end on PostgreSQL, 32 in flight (certificates/s) vs cfssl serve',
  async run(args) {
    const databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) throw new Error(NEEDS_POSTGRES);
    const seconds = Number(args[0] ?? 10);
    const rounds = Math.max(1, Number(args[1] ?? 3));
    const count = Number(args[2] ?? 20_000);
    const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
    const notes: string[] = [];
    const stops: Array<() => Promise<void>> = [];
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-bench-issuance-http-'));

    // CSRs first, while nothing else runs: each with its own P-256 key, as devices would send them.
    const madeAt = process.hrtime.bigint();
    const csrs = await makeCsrs(count);
    assertOpensslAcceptsCsr(csrs[0]);
    const ourBodies = csrs.map(issuanceRequestBody);
    const cfsslBodies = csrs.map((der) =>
      JSON.stringify({ certificate_request: csrPem(der), subject: { CN: 'Salim Al Harthy', names: [{ C: 'OM', SerialNumber: 'PNOOM-12345678' }] } }),
    );
    notes.push(`${count} CSRs made before the platform started (${(Number(process.hrtime.bigint() - madeAt) / 1e9).toFixed(1)} s)`);

    const db = new Client({ connectionString: databaseUrl });
    try {
      const platform = await startBenchPlatform('issuance-http');
      stops.push(platform.stop);
      await db.connect();
      stops.push(() => db.end());
      const pgPort = Number(new URL(databaseUrl).port || 5432);
      const pgVersion = ((await db.query('SHOW server_version')).rows[0] as { server_version: string }).server_version;

      // One issuance checked by OpenSSL against the hierarchy before anything is timed.
      let next = 0;
      const sample = await issueOverHttp(platform.url, platform.token, csrs[next++]);
      await checkCertificateWithOpenssl(platform.url, sample.certificate, work);

      const ours: Side = {
        label: 'platform POST /ca/certificates',
        url: new URL('/ca/certificates', platform.url),
        headers: { authorization: `Bearer ${platform.token}`, 'content-type': 'application/json' },
        body: () => ourBodies[next++ % count],
        ok: (status) => status === 201,
        meters: { platform: () => processCpuSeconds(platform.pid), postgres: () => postgresCpuSeconds(pgPort), client: selfCpuSeconds },
      };

      let reference: Side | undefined;
      if (cfsslInstalled()) {
        const ca = makeCfsslCa(path.join(work, 'cfssl'));
        const server = await startCfssl('serve', ['-ca', ca.caPem, '-ca-key', ca.caKeyPem, '-config', ca.config], ca.dir);
        stops.push(server.stop);
        let cursor = 0;
        reference = {
          label: 'cfssl serve /api/v1/cfssl/sign',
          url: new URL('/api/v1/cfssl/sign', server.url),
          headers: { 'content-type': 'application/json' },
          body: () => cfsslBodies[cursor++ % count], // no ledger: reusing CSRs changes nothing for it
          ok: (status, body) => status === 200 && body.includes('"success":true'),
          meters: { cfssl: () => processCpuSeconds(server.pid), client: selfCpuSeconds },
        };
        const check = await send(reference, http.globalAgent);
        if (!reference.ok(check.status, check.body)) throw new Error(`cfssl serve refused a CSR: ${check.status} ${check.body}`);
        notes.push(`reference: ${cfsslVersion()}, cfssl serve with a P-256 CA from cfssl gencert -initca; it checks the CSR signature too (a corrupted one is refused), writes no database`);
      } else {
        notes.push('cfssl is not installed (apt-get install -y golang-cfssl): the reference is the in-process issuer on the same CSRs');
      }

      // Warm-up (JIT, pools, prepared paths), then the baseline the database check starts from.
      await runLoad(ours, { seconds: 3, concurrency });
      if (reference) await runLoad(reference, { seconds: 3, concurrency });
      const before = await counts(db);

      const sides = reference ? [ours, reference] : [ours];
      const runs = new Map<Side, RoundResult[]>(sides.map((s) => [s, []]));
      for (let round = 0; round < rounds; round++) {
        for (let i = 0; i < sides.length; i++) {
          const side = sides[(i + round) % sides.length];
          runs.get(side)?.push(await runLoad(side, { seconds, concurrency }));
        }
      }

      // The database must hold exactly what was answered 201 (the warm-up came before the baseline).
      const after = await counts(db);
      const answered = (runs.get(ours) ?? []).reduce((sum, r) => sum + r.ok, 0);
      const grewCertificates = after.goodDevice - before.goodDevice;
      const grewAudit = after.audit - before.audit;
      const grewIssued = after.issuedByApi - before.issuedByApi;
      if (grewCertificates !== answered) throw new Error(`${answered} certificates answered 201, but ca_certificate has ${grewCertificates} new good device-authentication rows`);
      if (grewAudit < answered || grewIssued !== answered) throw new Error(`${answered} certificates answered 201, but audit_log grew by ${grewAudit} (${grewIssued} certificate.issued by api:issuance)`);
      if (after.pending !== 0) throw new Error(`${after.pending} certificates are still pending after the load`);
      notes.push(
        `database check: ${answered} answers 201 in the timed rounds; ca_certificate good device-authentication +${grewCertificates}, audit_log +${grewAudit} (certificate.issued by api:issuance +${grewIssued}), 0 pending`,
      );
      if (next > count) notes.push(`the ${count} CSRs ran out: ${next - count} requests reused one (raise the third argument)`);

      const inProcess = await inProcessRate(csrs.slice(0, Math.min(count, 3000)));
      notes.push(`the same issuer in this process, memory ledger and audit, one thread: ${fmt(inProcess)} certificates/s (the core without HTTP or PostgreSQL)`);
      const { authorities } = await memoryCertificateAuthority();
      const peculiar = await peculiarReference(csrs.slice(0, Math.min(count, 1500)), authorities.get('citizen-authentication-ca').certificateDer);
      const oursMedian = median((runs.get(ours) ?? []).map((r) => r.rate));
      notes.push(
        `ratio to straightforward @peculiar/x509 issuance (CSR verify + X509CertificateGenerator.create, this process, one thread, no HTTP, no database, same CSRs: ${fmt(peculiar)}/s): ${(oursMedian / peculiar).toFixed(3)}` +
          (reference ? `; ratio to cfssl serve: ${(oursMedian / median((runs.get(reference) ?? []).map((r) => r.rate))).toFixed(3)}` : ''),
      );
      notes.push(`issuance workers in the platform: THEQA_ISSUANCE_WORKERS=${process.env.THEQA_ISSUANCE_WORKERS ?? '(unset: 0, issuance on the main thread)'}`);
      for (const side of sides) notes.push(describe(side, runs.get(side) ?? []));
      notes.push(`load: ${concurrency} requests in flight over node:http keep-alive from this process, ${seconds} s × ${rounds} rounds interleaved (order rotated) after a 3 s warm-up each`);
      notes.push(`database: PostgreSQL ${pgVersion} from DATABASE_URL (tools/ci/with-postgres.sh runs it with fsync=off); loader, platform and PostgreSQL share this 2-core machine`);
      const oursRate = median((runs.get(ours) ?? []).map((r) => r.rate));
      return report(
        { label: `POST /ca/certificates → recorded and audited, ${concurrency} in flight, median of ${rounds}`, value: oursRate, unit: 'certificates/s' },
        reference
          ? { label: `${reference.label}, same CSRs and concurrency, no database`, value: median((runs.get(reference) ?? []).map((r) => r.rate)), unit: 'certificates/s' }
          : { label: 'theqa issuer in-process, memory ledger, same CSRs', value: inProcess, unit: 'certificates/s' },
        { target: '≥ 1,000 certificates/s end to end on PostgreSQL (2 cores)', notes },
      );
    } finally {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
      fs.rmSync(work, { recursive: true, force: true });
    }
  },
};

interface Side {
  label: string;
  url: URL;
  headers: Record<string, string>;
  body: () => string;
  ok: (status: number, body: string) => boolean;
  meters: Record<string, () => number | undefined>;
}

interface RoundResult {
  rate: number;
  ok: number;
  failed: number;
  failures: Map<string, number>;
  cores: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
}

function send(side: Side, agent: http.Agent): Promise<{ status: number; body: string }> {
  const payload = side.body();
  return new Promise((resolve) => {
    const req = http.request(
      { host: side.url.hostname, port: side.url.port, path: side.url.pathname, method: 'POST', agent, headers: { ...side.headers, 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', (error) => resolve({ status: 0, body: error.message }));
    req.end(payload);
  });
}

/** `concurrency` requests in flight over keep-alive until `seconds` have passed; every answer is awaited. */
async function runLoad(side: Side, options: { seconds: number; concurrency: number }): Promise<RoundResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const deadline = Date.now() + options.seconds * 1000;
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let ok = 0;
  let failed = 0;
  const { result: elapsed, cores } = await withCpuMeter(side.meters, async () => {
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (Date.now() < deadline) {
          const t = process.hrtime.bigint();
          const { status, body } = await send(side, agent);
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
          if (side.ok(status, body)) ok++;
          else {
            failed++;
            const key = `${status} ${body.slice(0, 160)}`;
            failures.set(key, (failures.get(key) ?? 0) + 1);
          }
        }
      }),
    );
    return Number(process.hrtime.bigint() - started) / 1e9;
  });
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return { rate: ok / elapsed, ok, failed, failures, cores, p50Ms: pct(0.5), p99Ms: pct(0.99) };
}

function describe(side: Side, runs: RoundResult[]): string {
  // cores, and CPU milliseconds per successful answer, of each process measured
  const cores = Object.keys(side.meters)
    .map((k) => `${k} ${median(runs.map((r) => r.cores[k])).toFixed(2)} (${median(runs.map((r) => (r.cores[k] / r.rate) * 1e3)).toFixed(2)} ms/cert)`)
    .join(', ');
  const failed = runs.reduce((s, r) => s + r.failed, 0);
  const firstFailure = runs.flatMap((r) => [...r.failures.keys()])[0];
  return (
    `${side.label}: median ${fmt(median(runs.map((r) => r.rate)))}/s (runs ${runs.map((r) => fmt(r.rate)).join(', ')}); ` +
    `p50 ${median(runs.map((r) => r.p50Ms)).toFixed(1)} ms, p99 ${median(runs.map((r) => r.p99Ms)).toFixed(1)} ms; cores used: ${cores}` +
    (failed ? `; ${failed} failed answers, e.g. ${firstFailure}` : '')
  );
}

async function counts(db: Client): Promise<{ goodDevice: number; audit: number; issuedByApi: number; pending: number }> {
  const { rows } = await db.query(`
    SELECT (SELECT count(*) FROM ca_certificate WHERE status = 'good' AND profile = 'device-authentication')::int AS good_device,
           (SELECT count(*) FROM audit_log)::int AS audit,
           (SELECT count(*) FROM audit_log WHERE action = 'certificate.issued' AND actor = 'api:issuance')::int AS issued_by_api,
           (SELECT count(*) FROM ca_certificate WHERE status = 'pending')::int AS pending`);
  const row = rows[0] as { good_device: number; audit: number; issued_by_api: number; pending: number };
  return { goodDevice: row.good_device, audit: row.audit, issuedByApi: row.issued_by_api, pending: row.pending };
}

/** The issued certificate must chain to the platform's root for OpenSSL. */
async function checkCertificateWithOpenssl(baseUrl: string, certificatePem: string, dir: string): Promise<void> {
  const files: string[] = [];
  for (const name of ['theqa-root-ca', 'citizen-authentication-ca']) {
    const res = await fetch(`${baseUrl}/ca/certs/${name}.pem`);
    if (res.status !== 200) throw new Error(`GET /ca/certs/${name}.pem answered ${res.status}`);
    files.push(path.join(dir, `${name}.pem`));
    fs.writeFileSync(files[files.length - 1], await res.text());
  }
  const leaf = path.join(dir, 'leaf.pem');
  fs.writeFileSync(leaf, certificatePem);
  const verify = spawnSync('openssl', ['verify', '-CAfile', files[0], '-untrusted', files[1], leaf], { encoding: 'utf8' });
  if (verify.status !== 0) throw new Error(`OpenSSL does not verify an issued certificate: ${verify.stdout}${verify.stderr}`);
}

async function inProcessRate(csrs: Buffer[]): Promise<number> {
  const { issuer } = await memoryCertificateAuthority();
  const identity = { civilNumber: '12345678', givenName: 'Salim', surname: 'Al Harthy', fullName: 'Salim Al Harthy' };
  const issue = (csr: Buffer) => issuer.issueForCitizen({ csr, profile: 'device-authentication', identity, actor: 'bench' });
  for (const csr of csrs.slice(0, 200)) await issue(csr);
  const started = process.hrtime.bigint();
  for (const csr of csrs) await issue(csr);
  return csrs.length / (Number(process.hrtime.bigint() - started) / 1e9);
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
