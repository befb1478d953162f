import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { freePort } from '@theqa/testing';
import { median, report, type Benchmark } from './lib/benchmark';
import { makeCsrs } from './lib/ca-fixture';
import { cfsslInstalled, cfsslPresignedOcsp, cfsslVersion, makeCfsslCa, startCfssl, type CfsslServer } from './lib/cfssl';
import { issueOverHttp } from './lib/issuance-request';
import { opensslCheckOcspResponse, opensslOcspRequest } from './lib/openssl-ocsp';
import { processCpuSeconds, startBenchPlatform, withCpuMeter } from './lib/platform';
import { postScript, wrk, wrkCommand, type WrkOptions } from './lib/wrk';

/**
 * The dedicated OCSP responder under load (started by the platform with OCSP_PORT, its own listener on
 * `net`): `GET /ca/ocsp/<request>` for one device certificate, nonce-less, so every answer is the
 * pre-signed one (memory tier of TieredOcspCache), loaded with wrk over loopback. The reference is
 * CloudFlare's `cfssl ocspserve` serving a pre-signed answer (made with cfssl's own tools) under the
 * same wrk command, measured in the same run, rounds interleaved. Measured alongside: the platform's
 * `/ca/ocsp` on its main port (node:http in front of Express), and two floors returning our answer's
 * bytes for any request: bare node:http, and a raw `net` server (the ceiling for Node on this machine).
 * Without cfssl the node:http floor is the reference.
 *
 * `npm run bench -- ocsp [seconds per measurement = 10] [rounds = 3]`
 * BENCH_WRK_THREADS (2), BENCH_WRK_CONNECTIONS (64); BENCH_CPU_PROF=<dir> profiles the platform.
 */
export const ocspBenchmark: Benchmark = {
  name: 'ocsp',
  description: 'dedicated OCSP responder, GET pre-signed answers under wrk vs cfssl ocspserve (responses/s)',
  async run(args) {
    const seconds = Number(args[0] ?? 10);
    const rounds = Math.max(1, Number(args[1] ?? 3));
    const load: Omit<WrkOptions, 'seconds'> = { threads: Number(process.env.BENCH_WRK_THREADS ?? 2), connections: Number(process.env.BENCH_WRK_CONNECTIONS ?? 64) };
    for (const tool of ['wrk', 'openssl']) {
      if (spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0) throw new Error(`the ocsp benchmark needs ${tool} (Debian package ${tool})`);
    }
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-bench-ocsp-work-'));
    const file = (name: string) => path.join(work, name);
    const post = postScript(work, 'application/ocsp-request');
    const notes: string[] = [];
    const stops: Array<() => Promise<void>> = [];

    try {
      // --- the platform, one device certificate, the requests a client makes for it --------------
      const ocspPort = await freePort();
      const platform = await startBenchPlatform('ocsp', { env: { OCSP_PORT: String(ocspPort) } });
      stops.push(platform.stop);
      const responderUrl = `http://127.0.0.1:${ocspPort}`;
      if ((await fetch(`${responderUrl}/health`)).status !== 200) throw new Error('the dedicated OCSP responder is not healthy');
      const issued = await issueOverHttp(platform.url, platform.token, (await makeCsrs(1))[0]);
      fs.writeFileSync(file('leaf.pem'), issued.certificate);
      for (const name of ['theqa-root-ca', 'citizen-authentication-ca']) {
        const res = await fetch(`${platform.url}/ca/certs/${name}.pem`);
        if (res.status !== 200) throw new Error(`GET /ca/certs/${name}.pem answered ${res.status}`);
        fs.writeFileSync(file(`${name}.pem`), await res.text());
      }
      opensslOcspRequest({ issuerPem: file('citizen-authentication-ca.pem'), certPem: file('leaf.pem'), nonce: false, out: file('req.der') });
      opensslOcspRequest({ issuerPem: file('citizen-authentication-ca.pem'), certPem: file('leaf.pem'), nonce: true, out: file('req-nonce.der') });
      const getPath = `/ca/ocsp/${encodeURIComponent(fs.readFileSync(file('req.der')).toString('base64'))}`;
      const getUrl = `${responderUrl}${getPath}`;
      const postUrl = `${responderUrl}/ca/ocsp`;
      const platformGetUrl = `${platform.url}${getPath}`;

      // --- check once that the answers are right before timing them --------------------------------
      const first = await fetchOcsp(getUrl);
      const again = await fetchOcsp(getUrl);
      if (!first.equals(again)) throw new Error('two GETs of the same nonce-less request got different answers: not served pre-signed');
      fs.writeFileSync(file('resp.der'), first);
      const chain = { caFile: file('theqa-root-ca.pem'), untrusted: file('citizen-authentication-ca.pem') };
      const thisUpdate = opensslCheckOcspResponse({ responseFile: file('resp.der'), requestFile: file('req.der'), nonce: false, ...chain });
      const nonceAnswer = await fetchOcsp(postUrl, fs.readFileSync(file('req-nonce.der')));
      fs.writeFileSync(file('resp-nonce.der'), nonceAnswer);
      opensslCheckOcspResponse({ responseFile: file('resp-nonce.der'), requestFile: file('req-nonce.der'), nonce: true, ...chain });
      const viaPlatform = await fetchOcsp(platformGetUrl);
      if (!viaPlatform.equals(first)) throw new Error('the platform port and the dedicated responder answered different bytes for the same request');
      notes.push(
        `checked with openssl ocsp -respin … -CAfile theqa-root-ca.pem: GET answer good, signature and delegated responder verify, ${first.length} bytes, thisUpdate ${thisUpdate}, identical bytes on repeat (pre-signed) and on the platform's port; POST with nonce: good, nonce echoed`,
      );

      // --- the floor: node:http returning our answer's bytes for any URL ---------------------------
      const floor = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/ocsp-response', 'content-length': first.length, 'cache-control': 'public, max-age=300, no-transform' });
        res.end(first);
      });
      await new Promise<void>((resolve) => floor.listen(0, '127.0.0.1', resolve));
      stops.push(() => new Promise<void>((resolve) => floor.close(() => resolve())));
      const floorUrl = `http://127.0.0.1:${(floor.address() as AddressInfo).port}${getPath}`;

      // --- the ceiling: raw net, one prebuilt HTTP/1.1 answer per request head, no parsing ---------
      const whole = Buffer.concat([
        Buffer.from(`HTTP/1.1 200 OK\r\ncontent-type: application/ocsp-response\r\ncontent-length: ${first.length}\r\ncache-control: public, max-age=300, no-transform\r\nconnection: keep-alive\r\n\r\n`),
        first,
      ]);
      const ceiling = net.createServer({ noDelay: true }, (socket) => {
        socket.on('error', () => socket.destroy());
        let pending = '';
        socket.on('data', (chunk: Buffer) => {
          pending += chunk.toString('latin1');
          let count = 0;
          for (let end = pending.indexOf('\r\n\r\n'); end >= 0; end = pending.indexOf('\r\n\r\n')) {
            pending = pending.slice(end + 4);
            count++;
          }
          if (count > 0) socket.write(count === 1 ? whole : Buffer.concat(Array(count).fill(whole)));
        });
      });
      await new Promise<void>((resolve) => ceiling.listen(0, '127.0.0.1', resolve));
      stops.push(() => new Promise<void>((resolve) => ceiling.close(() => resolve())));
      const ceilingUrl = `http://127.0.0.1:${(ceiling.address() as AddressInfo).port}${getPath}`;

      // --- the reference: cfssl ocspserve with a pre-signed answer made by cfssl ------------------
      let cfssl: { server: CfsslServer; target: Target } | undefined;
      if (cfsslInstalled()) {
        const ca = makeCfsslCa(path.join(work, 'cfssl'));
        const presigned = cfsslPresignedOcsp(ca);
        const server = await startCfssl('ocspserve', ['-responses', presigned.responsesFile], ca.dir);
        stops.push(server.stop);
        opensslOcspRequest({ issuerPem: ca.caPem, certPem: presigned.leafPem, nonce: false, out: file('cfssl-req.der') });
        const cfsslReq = fs.readFileSync(file('cfssl-req.der'));
        const cfsslGet = `${server.url}/${encodeURIComponent(cfsslReq.toString('base64'))}`;
        const getStatus = (await fetch(cfsslGet)).status;
        const viaGet = getStatus === 200;
        const answer = viaGet ? await fetchOcsp(cfsslGet) : await fetchOcsp(`${server.url}/`, cfsslReq);
        if (!answer.equals(presigned.responseDer)) throw new Error('cfssl ocspserve did not return the pre-signed answer');
        fs.writeFileSync(file('cfssl-resp.der'), answer);
        opensslCheckOcspResponse({ responseFile: file('cfssl-resp.der'), requestFile: file('cfssl-req.der'), caFile: ca.caPem, untrusted: ca.caPem, nonce: false });
        cfssl = {
          server,
          target: viaGet
            ? { label: 'cfssl ocspserve GET', url: cfsslGet, pid: server.pid }
            : { label: 'cfssl ocspserve POST', url: `${server.url}/`, pid: server.pid, script: post, env: { WRK_BODY_FILE: file('cfssl-req.der') } },
        };
        notes.push(`reference: ${cfsslVersion()}, cfssl ocspserve -responses <file> with one answer from cfssl ocspsign (CA-signed, ${answer.length} bytes), checked with openssl`);
        if (!viaGet) {
          notes.push(
            `this cfssl cannot decode GET requests (HTTP ${getStatus}: it keeps the leading "/" and turns "+" into spaces; fixed upstream after 2016), so it is loaded with POST of the same kind of DER request via a wrk Lua script; our POST figure below is the like-for-like comparison`,
          );
        }
      } else {
        notes.push('cfssl is not installed (apt-get install -y golang-cfssl): the reference is the bare node:http floor');
      }

      const responderPid = ocspProcessOf(platform.pid);
      const ours: Target = { label: 'dedicated responder GET', url: getUrl, pid: responderPid };
      const oursPost: Target = { label: 'dedicated responder POST (no nonce)', url: postUrl, pid: responderPid, script: post, env: { WRK_BODY_FILE: file('req.der') } };
      const platformGet: Target = { label: 'platform port /ca/ocsp GET (node:http)', url: platformGetUrl, pid: platform.pid };
      const floorTarget: Target = { label: 'node:http floor GET', url: floorUrl, pid: process.pid };
      const ceilingTarget: Target = { label: 'raw net ceiling GET', url: ceilingUrl, pid: process.pid };
      const targets = [ours, ...(cfssl ? [cfssl.target] : []), platformGet, floorTarget, ceilingTarget, oursPost];

      // --- warm-up, then rounds with the order rotated ---------------------------------------------
      for (const target of targets) await measure(target, { ...load, seconds: 3 });
      const results = new Map<Target, Measured[]>(targets.map((t) => [t, []]));
      for (let round = 0; round < rounds; round++) {
        for (let i = 0; i < targets.length; i++) {
          const target = targets[(i + round) % targets.length];
          results.get(target)?.push(await measure(target, { ...load, seconds }));
        }
      }

      // --- live signing: POST with a nonce ---------------------------------------------------------
      const liveTarget: Target = { label: 'dedicated responder POST with nonce', url: postUrl, pid: responderPid, script: post, env: { WRK_BODY_FILE: file('req-nonce.der') } };
      await measure(liveTarget, { ...load, seconds: 2 });
      const live = await measure(liveTarget, { ...load, seconds: Math.min(seconds, 10) });

      const summary = (t: Target) => {
        const runs = results.get(t) ?? [];
        return {
          rate: median(runs.map((r) => r.rate)),
          text:
            `${t.label}: median ${fmt(median(runs.map((r) => r.rate)))}/s (runs ${runs.map((r) => fmt(r.rate)).join(', ')}); ` +
            `server ${median(runs.map((r) => r.serverCores)).toFixed(2)} cores, ${median(runs.map((r) => (r.serverCores / r.rate) * 1e6)).toFixed(0)} µs CPU per answer; p50 ${runs.map((r) => r.p50).join('/')}`,
        };
      };
      const reference = cfssl ? cfssl.target : floorTarget;
      notes.push(...targets.map((t) => summary(t).text));
      notes.push(`live signing (POST with nonce, not cacheable): ${fmt(live.rate)}/s, responder ${live.serverCores.toFixed(2)} cores, ${((live.serverCores / live.rate) * 1e6).toFixed(0)} µs CPU per answer, p50 ${live.p50}`);
      notes.push(
        `wrk: ${wrkCommand('<url>', { ...load, seconds })} (POST: -s post-body.lua), ${rounds} rounds interleaved with rotated order after a 3 s warm-up each; loader and servers share this 2-core machine`,
      );
      notes.push(`the dedicated responder runs in its own process (forked by the platform for OCSP_PORT); its CPU figures are that process's, the embedded database's share of its epoch reads is in the platform's`);
      notes.push(`database: ${platform.database}; platform answers carry the delegated responder's certificate, cfssl's are CA-signed without one`);
      return report(
        { label: `dedicated responder GET /ca/ocsp/<req>, pre-signed, median of ${rounds}`, value: summary(ours).rate, unit: 'responses/s' },
        { label: reference === floorTarget ? 'bare node:http returning the same bytes' : reference.label, value: summary(reference).rate, unit: 'responses/s' },
        { target: '≥ 25,000 responses/s (wrk, loopback)', notes },
      );
    } finally {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
      fs.rmSync(work, { recursive: true, force: true });
    }
  },
};

interface Target {
  label: string;
  url: string;
  /** The serving process, for its CPU use during the measurement. */
  pid: number;
  script?: string;
  env?: NodeJS.ProcessEnv;
}

interface Measured {
  rate: number;
  serverCores: number;
  p50?: string;
}

async function measure(target: Target, options: WrkOptions): Promise<Measured> {
  const { result, cores } = await withCpuMeter({ server: () => processCpuSeconds(target.pid) }, () => wrk(target.url, { ...options, script: target.script, env: target.env }));
  return { rate: result.requestsPerSecond, serverCores: cores.server, p50: result.latency.p50 };
}

/** The pid of the platform's dedicated OCSP responder process (ocsp-responder-main), from /proc. */
function ocspProcessOf(platformPid: number): number {
  for (const entry of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
      if (/^PPid:\s+(\d+)$/m.exec(status)?.[1] !== String(platformPid)) continue;
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('ocsp-responder-main')) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  throw new Error('the platform has no dedicated OCSP responder process');
}

/** GET (or POST with `body`) an OCSP URL; the answer must be 200 application/ocsp-response. */
async function fetchOcsp(url: string, body?: Buffer): Promise<Buffer> {
  const res = await fetch(url, body ? { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: new Uint8Array(body) } : undefined);
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200 || res.headers.get('content-type') !== 'application/ocsp-response') {
    throw new Error(`${body ? 'POST' : 'GET'} ${url} answered ${res.status} ${res.headers.get('content-type')}: ${bytes.toString('utf8', 0, 200)}`);
  }
  return bytes;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
