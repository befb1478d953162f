import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { AuditedRelyingPartyEvents, createDataSource, PostgresAuditLog, PostgresRelyingPartyStore } from '@theqa/persistence';
import { ACR } from '@theqa/kernel';
import { RelyingPartyRegistry } from '@theqa/relying-parties';
import { freePort, RoundRobinBalancer } from '@theqa/testing';
import { median, report, type Benchmark } from './lib/benchmark';
import { cpuDelta, cpuNsByPid, postgresPids, schedTimes, userSystemSeconds } from './lib/login-cpu';
import { cpuProfilesOf, summariseCpuProfile } from './lib/login-cpuprofile';
import { PLATFORM_STEPS, platformLogin, REFERENCE_STEPS, referenceLogin, seatFor, type Seat, type Step, type StepTimer } from './lib/login-flow';
import { BenchHttp } from './lib/login-http';
import { benchCandidates, registerPerson, type BenchPerson } from './lib/login-persons';
import { BenchRelyingParty, LOGIN_CLAIMS } from './lib/login-relying-party';
import { postgresCpuSeconds, processCpuSeconds, selfCpuSeconds, startBenchPlatform, withCpuMeter, type BenchPlatform } from './lib/platform';

const ROOT = path.resolve(__dirname, '..');
/** Keycloak's sizing guide: one vCPU per 15 password-based logins per second. */
const KEYCLOAK_LOGINS_PER_VCPU = 15;

export const NEEDS_POSTGRES =
  'login needs a real PostgreSQL (DATABASE_URL is not set; the embedded PGlite is one session and would measure only that). ' +
  'Run it on a throwaway server: tools/ci/with-postgres.sh npm run bench -- login';

/**
 * Complete logins per second on PostgreSQL, the issue's chain end to end: the relying party's PAR
 * (private_key_jwt, PKCE, DPoP, nonce, claims parameter) → GET /oidc/auth → the login page → QR →
 * the wait page (QR payload and number) → the phone's signed scan and its signed answer (PIN proof,
 * the number) → /login/<uid>/continue → /oidc/auth/<uid> → the redirect URI with the code → token
 * (private_key_jwt, DPoP) → userinfo (DPoP). A login counts only when the ID token's signature and
 * claims (iss, aud, nonce, acr, auth_time, at_hash, pairwise sub, the seven claims) and userinfo
 * (exactly the consented claims, the registry's values) check out.
 *
 * Setup, not timed: the platform on DATABASE_URL (BENCH_INSTANCES=2: two processes on the same database
 * behind @theqa/testing's RoundRobinBalancer); `persons` registry persons registered through the
 * enrolment API as the wallet does; a relying party (private_key_jwt) registered in the database; one
 * first login per person with the consent page agreed, so that every measured login is a repeat login
 * (no consent page). Each person runs at most one login at a time, from their own browser (cookies kept
 * between logins); different persons run concurrently.
 *
 * The in-run reference is bare oidc-provider (bench/lib/login-reference-op.ts, its own process): the
 * same protocol and the same relying-party code, with in-memory storage and an interaction that logs
 * in at once. Rounds alternate between the two (order rotated). A sequential probe (one login in
 * flight) times each step and reads each process's CPU per step from /proc/<pid>/task/<tid>/schedstat.
 * Keycloak's published sizing (15 password logins/s per vCPU) is printed beside ours per vCPU, both
 * from the wall clock and from the CPU time per login (the figure a shared machine disturbs least). An
 * ES256 sign/verify loop in this process gives the signature floor per login. The database check: as
 * many new approved login requests and access tokens as verified logins; statements per login from
 * pg_stat_database, and by statement when the server preloads pg_stat_statements (WITH_POSTGRES_STATEMENTS=1 with-postgres.sh).
 *
 * `tools/ci/with-postgres.sh npm run bench -- login [seconds = 15] [rounds = 3] [persons = 40]`
 * BENCH_CONCURRENCY (= persons), BENCH_INSTANCES (1), BENCH_PROBE (60 sequential logins),
 * BENCH_CPU_PROF=<dir> profiles the platform and prints where its CPU went during the timed rounds.
 */
export const loginBenchmark: Benchmark = {
  name: 'login',
  description: 'complete logins/s on PostgreSQL: PAR → authorize → QR device approval → token → userinfo, vs bare oidc-provider',
  async run(args) {
    const databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) throw new Error(NEEDS_POSTGRES);
    const seconds = Number(args[0] ?? 15);
    const rounds = Math.max(1, Number(args[1] ?? 3));
    const personCount = Math.max(1, Number(args[2] ?? 40));
    const concurrency = Math.min(personCount, Number(process.env.BENCH_CONCURRENCY ?? personCount));
    const instanceCount = Math.max(1, Math.min(2, Number(process.env.BENCH_INSTANCES ?? 1)));
    const probeCount = Number(process.env.BENCH_PROBE ?? 60);
    const vcpus = os.availableParallelism();
    const notes: string[] = [];
    const stops: Array<() => Promise<void>> = [];
    const http = new BenchHttp(personCount * 2 + 8);
    stops.push(async () => http.close());

    try {
      // The platform: one process, or two on the same database behind a round-robin balancer.
      const platforms: BenchPlatform[] = [];
      let base: string;
      if (instanceCount === 1) {
        const platform = await startBenchPlatform('login', { env: { THEQA_DEMO_RP: 'off' } });
        stops.push(platform.stop);
        platforms.push(platform);
        base = platform.url;
      } else {
        const front = await freePort();
        base = `http://127.0.0.1:${front}`;
        // One after the other: the first start makes the keys, the second finds them (same dev key folder).
        const first = await startBenchPlatform('login-a', { env: { THEQA_DEMO_RP: 'off', PUBLIC_BASE_URL: base } });
        stops.push(first.stop);
        const second = await startBenchPlatform('login-b', { env: { THEQA_DEMO_RP: 'off', PUBLIC_BASE_URL: base, THEQA_DEV_DIR: path.join(first.dir, 'dev') } });
        stops.push(second.stop);
        platforms.push(first, second);
        const balancer = new RoundRobinBalancer(platforms.map((p) => Number(new URL(p.url).port)));
        await balancer.listen(front);
        stops.push(() => balancer.close());
      }

      const db = new Client({ connectionString: databaseUrl });
      await db.connect();
      stops.push(() => db.end());
      const pgPort = Number(new URL(databaseUrl).port || 5432);
      const pgVersion = ((await db.query('SHOW server_version')).rows[0] as { server_version: string }).server_version;

      // The relying party, registered in the database as `npx theqa rp register` would.
      const clientId = `bench-login-${randomBytes(5).toString('hex')}`;
      const redirectUri = `http://127.0.0.1:9/${clientId}/callback`;
      const clientKey = BenchRelyingParty.newClientKey();
      const dataSource = createDataSource({ url: databaseUrl, poolSize: 2, applicationName: 'theqa-bench' });
      await dataSource.initialize();
      stops.push(() => dataSource.destroy());
      const registry = new RelyingPartyRegistry({
        store: new PostgresRelyingPartyStore(dataSource),
        events: new AuditedRelyingPartyEvents(new PostgresAuditLog(dataSource)),
        allowLoopbackHttp: true,
      });
      await registry.register(
        {
          clientId,
          name: { ar: 'خدمة القياس', en: 'Benchmark service' },
          redirectUris: [redirectUri],
          claims: [...LOGIN_CLAIMS],
          purpose: { ar: 'قياس سرعة تسجيل الدخول', en: 'Measuring the login' },
          acrValues: ['medium', 'high'],
          authMethod: 'private_key_jwt',
          jwks: { keys: [clientKey.publicJwk] },
          ciba: false,
        },
        'bench',
      );

      // Persons, registered through the enrolment API (four at a time); those already registered in this database are skipped.
      const taken = new Set(((await db.query('SELECT civil_number FROM identity')).rows as Array<{ civil_number: string }>).map((r) => r.civil_number));
      const candidates = benchCandidates().filter((p) => !taken.has(p.civil_number));
      if (candidates.length < personCount) throw new Error(`only ${candidates.length} registry persons are left to register`);
      const registeredAt = process.hrtime.bigint();
      const persons: BenchPerson[] = [];
      const queue = candidates.slice(0, personCount);
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let next = queue.shift(); next; next = queue.shift()) persons.push(await registerPerson(base, next));
        }),
      );
      notes.push(`${persons.length} persons registered through the enrolment API in ${(Number(process.hrtime.bigint() - registeredAt) / 1e9).toFixed(1)} s (setup, not timed)`);

      const rp = await BenchRelyingParty.discover(http, `${base}/oidc`, { clientId, redirectUri, privateKey: clientKey.privateKey, kid: clientKey.publicJwk.kid });
      const seats = persons.map((p) => seatFor(http, p));
      // First logins, with the consent page agreed: the measured logins are repeat logins.
      const firstAt = process.hrtime.bigint();
      await Promise.all(seats.map((seat) => platformLogin(http, base, rp, seat, { consent: 'agree' })));
      notes.push(`first login of each person with the consent page agreed: ${(Number(process.hrtime.bigint() - firstAt) / 1e9).toFixed(1)} s (setup)`);

      // The reference: bare oidc-provider, same relying party code and key, same persons.
      const reference = await startReference({ clientId, redirectUri, publicJwk: clientKey.publicJwk, claims: [...LOGIN_CLAIMS], acr: ACR.medium });
      stops.push(reference.stop);
      const referenceRp = await BenchRelyingParty.discover(http, reference.url, { clientId, redirectUri, privateKey: clientKey.privateKey, kid: clientKey.publicJwk.kid });
      const referenceSeats = persons.map((p) => seatFor(http, p));
      await referenceLogin(referenceRp, referenceSeats[0]);

      const platformMeters: Record<string, () => number | undefined> = {
        platform: () => platforms.reduce((sum, p) => sum + (processCpuSeconds(p.pid) ?? 0), 0),
        postgres: () => postgresCpuSeconds(pgPort),
        loader: selfCpuSeconds,
      };
      const ours: Side = {
        label: `platform${instanceCount === 2 ? ' (2 instances, round-robin)' : ''}`,
        steps: PLATFORM_STEPS,
        seats,
        login: (seat, time) => platformLogin(http, base, rp, seat, {}, time),
        meters: platformMeters,
      };
      const bare: Side = {
        label: 'bare oidc-provider',
        steps: REFERENCE_STEPS,
        seats: referenceSeats,
        login: (seat, time) => referenceLogin(referenceRp, seat, time),
        meters: { reference: () => processCpuSeconds(reference.pid), loader: selfCpuSeconds },
      };

      // Warm-up (JIT, pools), then the sequential probe: one login in flight, each step timed.
      await runLoad(ours, { seconds: 5, concurrency });
      await runLoad(bare, { seconds: 3, concurrency });
      const platformPids = platforms.map((p) => p.pid);
      const probeOurs = await probe(ours, probeCount, { platform: () => platformPids, postgres: () => postgresPids(pgPort) });
      const probeBare = await probe(bare, probeCount, { reference: () => [reference.pid] });
      const shell = await shellCost(http, base, platformPids);

      // pg_stat_statements is read as the schema's owner when there is one (the application role may not read other roles' statements nor reset them).
      const statsDb = process.env.DATABASE_MIGRATION_URL ? new Client({ connectionString: process.env.DATABASE_MIGRATION_URL }) : db;
      if (statsDb !== db) {
        await statsDb.connect();
        stops.push(() => statsDb.end());
      }
      const statements = await resetStatements(statsDb);
      const before = await counts(db, clientId);
      const sides = [ours, bare];
      const runs = new Map<Side, RoundResult[]>(sides.map((s) => [s, []]));
      const ourWindows: Array<{ fromUs: number; toUs: number }> = [];
      const userSystemBefore = platformPids.map((pid) => userSystemSeconds(pid));
      const waitBefore = schedTimes(platformPids).waitNs;
      for (let round = 0; round < rounds; round++) {
        for (let i = 0; i < sides.length; i++) {
          const side = sides[(i + round) % sides.length];
          const fromUs = Number(process.hrtime.bigint() / 1000n);
          runs.get(side)?.push(await runLoad(side, { seconds, concurrency }));
          if (side === ours) ourWindows.push({ fromUs, toUs: Number(process.hrtime.bigint() / 1000n) });
        }
      }
      const waitNs = schedTimes(platformPids).waitNs - waitBefore;
      const userSystem = platformPids.map((pid, i) => {
        const now = userSystemSeconds(pid);
        return { user: (now?.user ?? 0) - (userSystemBefore[i]?.user ?? 0), system: (now?.system ?? 0) - (userSystemBefore[i]?.system ?? 0) };
      });

      // The database must show the logins: one approved login request and one access token each.
      const after = await counts(db, clientId);
      const ourRuns = runs.get(ours) ?? [];
      const ok = ourRuns.reduce((s, r) => s + r.ok, 0);
      const failed = ourRuns.reduce((s, r) => s + r.failed, 0);
      const approved = after.approved - before.approved;
      const tokens = after.accessTokens - before.accessTokens;
      if (approved < ok || approved > ok + failed) throw new Error(`${ok} logins completed (${failed} failed), but login_request has ${approved} new approved requests`);
      if (tokens < ok) throw new Error(`${ok} logins completed, but oidc_model has only ${tokens} new access tokens`);
      notes.push(`database check: ${ok} verified logins in the timed rounds (${failed} failed); login_request approved +${approved}, oidc_model AccessToken +${tokens}`);
      const perLogin = (n: number) => (n / Math.max(1, ok)).toFixed(1);
      notes.push(
        `PostgreSQL per login (pg_stat_database): ${perLogin(after.commits - before.commits)} committed transactions, ${perLogin(after.fetched - before.fetched)} rows fetched, ` +
          `${perLogin(after.inserted - before.inserted)} inserted, ${perLogin(after.updated - before.updated)} updated, ${perLogin(after.deleted - before.deleted)} deleted`,
      );
      if (statements) notes.push(...(await statementNotes(statsDb, ok + failed).catch((error: Error) => [`pg_stat_statements unreadable: ${error.message}`])));
      else notes.push('(statements by kind: run on a server that preloads pg_stat_statements: WITH_POSTGRES_STATEMENTS=1 tools/ci/with-postgres.sh npm run bench -- login)');
      const user = userSystem.reduce((s2, u) => s2 + u.user, 0);
      const system = userSystem.reduce((s2, u) => s2 + u.system, 0);
      notes.push(
        `platform CPU over all timed rounds per login of ours: user ${((user / Math.max(1, ok)) * 1e3).toFixed(1)} ms, system ${((system / Math.max(1, ok)) * 1e3).toFixed(1)} ms per login; ` +
          `its threads waited ${(waitNs / 1e6 / Math.max(1, ok)).toFixed(1)} ms per login in the run queue for a core (the machine is shared)`,
      );

      // Figures.
      const ourRate = median(ourRuns.map((r) => r.rate));
      const bareRate = median((runs.get(bare) ?? []).map((r) => r.rate));
      const perVcpu = ourRate / vcpus;
      notes.push(
        `per vCPU: ${fmt(perVcpu)} logins/s per vCPU (${fmt(ourRate)}/s on ${vcpus} vCPUs shared by platform, PostgreSQL and the load generator); ` +
          `Keycloak's sizing guide: ${KEYCLOAK_LOGINS_PER_VCPU} password logins/s per vCPU → ratio ${(perVcpu / KEYCLOAK_LOGINS_PER_VCPU).toFixed(2)}`,
      );
      const cpuMs = (runsOf: RoundResult[], key: string) => median(runsOf.map((r) => (r.cpuSeconds[key] / Math.max(1, r.ok)) * 1e3));
      const platformMs = cpuMs(ourRuns, 'platform');
      const postgresMs = cpuMs(ourRuns, 'postgres');
      const loaderMs = cpuMs(ourRuns, 'loader');
      const serverMs = platformMs + postgresMs;
      notes.push(
        `CPU per login (from /proc, median of rounds): platform ${platformMs.toFixed(2)} ms, PostgreSQL ${postgresMs.toFixed(2)} ms, load generator (RP + browser + phone) ${loaderMs.toFixed(2)} ms; ` +
          `server side ${serverMs.toFixed(2)} ms → ${fmt((vcpus * 1000) / serverMs)} logins/s if ${vcpus} vCPUs ran only platform and PostgreSQL, ` +
          `${fmt(1000 / serverMs)} per vCPU (${(1000 / serverMs / KEYCLOAK_LOGINS_PER_VCPU).toFixed(2)}× Keycloak's 15, which is also a server-side figure with the load generated elsewhere)`,
      );
      const refMs = cpuMs(runs.get(bare) ?? [], 'reference');
      notes.push(`bare oidc-provider: ${refMs.toFixed(2)} ms CPU per login in its process (load generator ${cpuMs(runs.get(bare) ?? [], 'loader').toFixed(2)} ms); platform + PostgreSQL / bare: ${(serverMs / refMs).toFixed(2)}× the CPU`);

      const crypto = cryptoFloor();
      const floorMs = (7 / crypto.verify + 1 / crypto.sign) * 1000;
      notes.push(
        `ES256 in this process, one core (node:crypto): ${fmt(crypto.sign)} signs/s, ${fmt(crypto.verify)} verifies/s; the platform's asymmetric crypto per login ` +
          `(2 client assertions + 3 DPoP proofs + 2 device signatures verified, 1 ID token signed) ≈ ${floorMs.toFixed(2)} ms; ` +
          `ratio of this floor to the platform's CPU per login: ${(floorMs / platformMs).toFixed(3)} (the signatures themselves are ${((floorMs / platformMs) * 100).toFixed(1)}% of it)`,
      );
      notes.push(describeProbe(ours, probeOurs));
      notes.push(`platform CPU per request without a login (one in flight, schedstat): ${shell.map((r) => `${r.path} ${r.ms.toFixed(2)} ms`).join(', ')}`);
      notes.push(describeProbe(bare, probeBare));
      for (const side of sides) notes.push(describe(side, runs.get(side) ?? []));
      notes.push(
        `load: ${concurrency} persons logging in concurrently (each one login at a time, own browser cookies), ${seconds} s × ${rounds} rounds interleaved (order rotated) after a warm-up; ` +
          `HTTP requests per login: ours 11 (+1 consent on first logins; a real browser also reloads the wait page every 3 s until the phone answers — not counted here), bare 6`,
      );
      notes.push(
        `platform: ${instanceCount} process${instanceCount === 2 ? 'es behind @theqa/testing RoundRobinBalancer (in this process)' : ''} (tools/run-ts.cjs apps/platform/src/main.ts, LOG_LEVEL=warn, demo RP off); ` +
          `database: PostgreSQL ${pgVersion} from DATABASE_URL; loader, platform and PostgreSQL share this ${vcpus}-vCPU machine (load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`,
      );

      // Where the platform's CPU went during the timed rounds, when it ran under --cpu-prof.
      const profileDir = platforms[0].cpuProfileDir;
      for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
      if (profileDir) notes.push(...profileNotes(profileDir, platforms, ourWindows));

      return report(
        { label: `complete verified logins (PAR → authorize → QR → device approval → token → userinfo), ${concurrency} in flight, median of ${rounds}`, value: ourRate, unit: 'logins/s' },
        { label: 'bare oidc-provider code flow, same RP code and protocol (PAR, PKCE, private_key_jwt, DPoP, pairwise), in-memory, auto-approve', value: bareRate, unit: 'logins/s' },
        { target: '≥ 300 logins/s on this 2-core machine with PostgreSQL (Keycloak: 15/s per vCPU)', notes },
      );
    } finally {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    }
  },
};

interface Side {
  label: string;
  steps: readonly Step[];
  seats: Seat[];
  login: (seat: Seat, time: StepTimer) => Promise<void>;
  meters: Record<string, () => number | undefined>;
}

interface RoundResult {
  rate: number;
  ok: number;
  failed: number;
  failures: Map<string, number>;
  cpuSeconds: Record<string, number>;
  cores: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
}

async function runLoad(side: Side, options: { seconds: number; concurrency: number }): Promise<RoundResult> {
  const deadline = Date.now() + options.seconds * 1000;
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let ok = 0;
  let failed = 0;
  const { cores, seconds } = await withCpuMeter(side.meters, () =>
    Promise.all(
      side.seats.slice(0, options.concurrency).map(async (seat) => {
        while (Date.now() < deadline) {
          const t = process.hrtime.bigint();
          try {
            await side.login(seat, () => undefined);
            ok++;
            latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
          } catch (error) {
            failed++;
            const key = (error instanceof Error ? error.message : String(error)).slice(0, 200);
            failures.set(key, (failures.get(key) ?? 0) + 1);
          }
        }
      }),
    ),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  const cpuSeconds = Object.fromEntries(Object.entries(cores).map(([k, c]) => [k, c * seconds]));
  return { rate: ok / seconds, ok, failed, failures, cpuSeconds, cores, p50Ms: pct(0.5), p99Ms: pct(0.99) };
}

interface ProbeResult {
  steps: Map<Step, number[]>;
  totalMs: number[];
  /** CPU milliseconds per login of each process group, and per step (schedstat, nanosecond resolution). */
  cpuMsPerLogin: Record<string, number>;
  cpuMsPerStep: Map<string, Map<Step, number>>;
}

/**
 * One login in flight at a time, each step timed, and the CPU each process group used in each step
 * read from the scheduler between steps: what each step costs without queueing.
 */
async function probe(side: Side, count: number, groups: Record<string, () => number[]>): Promise<ProbeResult> {
  const steps = new Map<Step, number[]>();
  const totalMs: number[] = [];
  const names = [...Object.keys(groups), 'loader'];
  const cpuMsPerStep = new Map(names.map((n) => [n, new Map<Step, number>()]));
  let pids: Record<string, number[]> = {};
  // The loader's own CPU is read before the /proc readings and again after them, so the meter's cost is left out.
  const read = () => {
    const loader = selfCpuSeconds() * 1e3;
    const readings = Object.fromEntries(Object.keys(groups).map((g) => [g, cpuNsByPid(pids[g])]));
    return { groups: readings, loader, loaderAfter: selfCpuSeconds() * 1e3 };
  };
  const totals = Object.fromEntries(names.map((n) => [n, 0]));
  for (let i = 0; i < count; i++) {
    if (i % 10 === 0) pids = Object.fromEntries(Object.entries(groups).map(([g, find]) => [g, find()]));
    let last = read();
    const t = process.hrtime.bigint();
    await side.login(side.seats[i % side.seats.length], (step, ms) => {
      steps.set(step, [...(steps.get(step) ?? []), ms]);
      const now = read();
      for (const n of names) {
        const used = n === 'loader' ? now.loader - last.loaderAfter : cpuDelta(last.groups[n], now.groups[n]) / 1e6;
        cpuMsPerStep.get(n)?.set(step, (cpuMsPerStep.get(n)?.get(step) ?? 0) + used / count);
        totals[n] += used / count;
      }
      last = now;
    });
    totalMs.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { steps, totalMs, cpuMsPerLogin: totals, cpuMsPerStep };
}

function describeProbe(side: Side, result: ProbeResult): string {
  const steps = side.steps.map((s) => `${s} ${median(result.steps.get(s) ?? [0]).toFixed(1)}`).join(', ');
  const cpu = [...result.cpuMsPerStep]
    .map(([group, perStep]) => `${group} ${result.cpuMsPerLogin[group].toFixed(2)} (${side.steps.map((s) => `${s} ${(perStep.get(s) ?? 0).toFixed(2)}`).join(', ')})`)
    .join('; ');
  return `${side.label}, one login in flight (${result.totalMs.length} logins): median ${median(result.totalMs).toFixed(1)} ms per login; median ms per step: ${steps}; CPU ms per login by step (schedstat): ${cpu}`;
}

function describe(side: Side, runs: RoundResult[]): string {
  const cores = Object.keys(side.meters)
    .map((k) => `${k} ${median(runs.map((r) => r.cores[k])).toFixed(2)} (${median(runs.map((r) => (r.cpuSeconds[k] / Math.max(1, r.ok)) * 1e3)).toFixed(2)} ms/login)`)
    .join(', ');
  const failed = runs.reduce((s, r) => s + r.failed, 0);
  const firstFailure = runs.flatMap((r) => [...r.failures.keys()])[0];
  return (
    `${side.label}: median ${fmt(median(runs.map((r) => r.rate)))} logins/s (rounds ${runs.map((r) => fmt(r.rate)).join(', ')}); ` +
    `per login p50 ${median(runs.map((r) => r.p50Ms)).toFixed(0)} ms, p99 ${median(runs.map((r) => r.p99Ms)).toFixed(0)} ms; cores used: ${cores}` +
    (failed ? `; ${failed} failed logins, e.g. ${firstFailure}` : '')
  );
}

async function counts(db: Client, clientId: string) {
  await db.query('SELECT pg_stat_force_next_flush()').catch(() => undefined);
  await new Promise((r) => setTimeout(r, 1100)); // backends publish their statistics within a second
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM login_request WHERE status = 'approved' AND data->>'clientId' = $1)::int AS approved,
            (SELECT count(*) FROM oidc_model WHERE kind = 'AccessToken' AND payload->>'clientId' = $1)::int AS access_tokens,
            xact_commit::float8 AS commits, tup_fetched::float8 AS fetched, tup_inserted::float8 AS inserted, tup_updated::float8 AS updated, tup_deleted::float8 AS deleted
       FROM pg_stat_database WHERE datname = current_database()`,
    [clientId],
  );
  const row = rows[0] as { approved: number; access_tokens: number; commits: number; fetched: number; inserted: number; updated: number; deleted: number };
  return { approved: row.approved, accessTokens: row.access_tokens, commits: row.commits, fetched: row.fetched, inserted: row.inserted, updated: row.updated, deleted: row.deleted };
}

/** pg_stat_statements, only when the server preloads it (never created otherwise): reset before the timed rounds. */
async function resetStatements(db: Client): Promise<boolean> {
  try {
    // Installed already (WITH_POSTGRES_STATEMENTS=1 with-postgres.sh), or a superuser's server that preloads it.
    const installed = (await db.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'`)).rowCount;
    if (!installed) {
      const { rows } = await db.query('SHOW shared_preload_libraries');
      if (!String((rows[0] as { shared_preload_libraries: string }).shared_preload_libraries).includes('pg_stat_statements')) return false;
      await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    }
    await db.query('SELECT pg_stat_statements_reset()');
    return true;
  } catch {
    return false;
  }
}

async function statementNotes(db: Client, logins: number): Promise<string[]> {
  const { rows } = await db.query(
    `SELECT calls::float8 AS calls, total_exec_time AS total_ms, regexp_replace(query, '\\s+', ' ', 'g') AS query FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY calls DESC LIMIT 40`,
  );
  const list = rows as Array<{ calls: number; total_ms: number; query: string }>;
  const total = list.reduce((s, r) => s + r.calls, 0);
  return [
    `pg_stat_statements (timed rounds, both sides): ${(total / Math.max(1, logins)).toFixed(1)} statements per login; by calls per login, with mean execution time:`,
    ...list
      .filter((r) => r.calls / Math.max(1, logins) >= 0.05)
      .map((r) => `  ${(r.calls / Math.max(1, logins)).toFixed(2)}× ${(r.total_ms / r.calls).toFixed(3)} ms  ${r.query.slice(0, 220)}`),
  ];
}

/** What the platform spends on a request that does little: plain Express, a Nest route with one query, an oidc-provider (Koa) route. */
async function shellCost(http: BenchHttp, base: string, pids: number[]): Promise<Array<{ path: string; ms: number }>> {
  const out: Array<{ path: string; ms: number }> = [];
  for (const path of ['/login-assets/gateway.css', '/health', '/oidc/.well-known/openid-configuration']) {
    for (let i = 0; i < 50; i++) await http.request(`${base}${path}`);
    const before = cpuNsByPid(pids);
    const n = 300;
    for (let i = 0; i < n; i++) {
      const answer = await http.request(`${base}${path}`);
      if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}`);
    }
    out.push({ path, ms: cpuDelta(before, cpuNsByPid(pids)) / 1e6 / n });
  }
  return out;
}

/** The reference provider in its own process, on a free port. */
async function startReference(config: { clientId: string; redirectUri: string; publicJwk: object; claims: string[]; acr: string }): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['tools/run-ts.cjs', 'bench/lib/login-reference-op.ts'], {
    cwd: ROOT,
    env: { ...process.env, BENCH_LOGIN_REFERENCE: JSON.stringify({ ...config, port }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr?.on('data', (c) => output.push(String(c)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the reference provider did not start:\n${output.join('')}`)), 60_000);
    child.stdout?.on('data', (c) => {
      if (String(c).includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`the reference provider exited:\n${output.join('')}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** ES256 signs and verifies per CPU-second in this process (node:crypto, as the platform and oidc-provider's jose use it). */
function cryptoFloor(): { sign: number; verify: number } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const data = Buffer.from('eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJodHRwOi8vMTI3LjAuMC4xIiwic3ViIjoiYmVuY2gifQ');
  const signature = sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  const rate = (count: number, step: () => unknown) => {
    const before = process.cpuUsage();
    for (let i = 0; i < count; i++) step();
    const used = process.cpuUsage(before);
    return count / ((used.user + used.system) / 1e6);
  };
  rate(500, () => sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
  rate(500, () => verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature));
  return {
    sign: median([1, 2, 3].map(() => rate(3000, () => sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' })))),
    verify: median([1, 2, 3].map(() => rate(3000, () => verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)))),
  };
}

function profileNotes(dir: string, platforms: BenchPlatform[], windows: Array<{ fromUs: number; toUs: number }>): string[] {
  const files = cpuProfilesOf(dir, platforms.map((p) => p.pid));
  if (!files.length) return [`no .cpuprofile of the platform in ${dir}`];
  const notes: string[] = [];
  for (const file of files) {
    const summary = summariseCpuProfile(file, windows, [
      /^(choose|startQr|wait|continue|consent|decide|scan|answer)$/,
      /^(interactionDetails|interactionFinished|validateDpop|checkDpopReplay|tokenAuth|clientAuth)$/,
      /^(query|sign|verify|qrOf|toString)$/,
    ]);
    const share = (ms: number) => `${((ms / summary.totalMs) * 100).toFixed(1)}%`;
    notes.push(`profile ${path.basename(file)}: ${(summary.totalMs / 1000).toFixed(1)} s sampled in the platform's timed rounds [${windows.map((w) => `${w.fromUs}-${w.toUs}`).join(' ')} µs] (a sample taken while the thread waited for a core after a syscall counts to that syscall: writev swells on a busy machine)`);
    notes.push(`  self time by origin: ${summary.byOrigin.slice(0, 18).map((o) => `${o.origin} ${share(o.ms)}`).join(', ')}`);
    notes.push(`  our own code (apps/, libs/) itself: ${share(summary.ownMs)} of the samples; by the innermost function of ours on the stack (its own time and the libraries it called): ${summary.byOwnCaller.slice(0, 16).map((f) => `${f.name} ${share(f.ms)}`).join('; ')}`);
    notes.push(`  top functions (self): ${summary.byFunction.slice(0, 25).map((f) => `${f.name} ${share(f.ms)}`).join('; ')}`);
    notes.push(`  inclusive: ${summary.inclusive.slice(0, 25).map((f) => `${f.name} ${share(f.ms)}`).join('; ')}`);
  }
  return notes;
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1);
}
