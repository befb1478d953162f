import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, PlatformProcess, theqa, toolIsAvailable, WORKSPACE_ROOT } from '@theqa/testing';

/** Sends raw bytes (optionally in pieces), returns everything received until the server closes or `waitMs` passes. */
function exchange(port: number, pieces: Array<string | Buffer>, options: { waitMs?: number; gapMs?: number } = {}): Promise<{ data: Buffer; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let closed = false;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ data: Buffer.concat(chunks), closed });
    };
    const timer = setTimeout(finish, options.waitMs ?? 2_000);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => {
      closed = true;
      finish();
    });
    socket.on('error', (error) => (chunks.length ? finish() : reject(error)));
    socket.on('connect', async () => {
      for (const piece of pieces) {
        if (socket.destroyed) return;
        socket.write(piece);
        if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
      }
    });
  });
}

/** Splits a byte stream of HTTP/1.1 responses (Content-Length framed) into status, headers and body. */
function responses(data: Buffer) {
  const out: Array<{ status: number; headers: Record<string, string>; body: Buffer }> = [];
  let at = 0;
  while (at < data.length) {
    const end = data.indexOf('\r\n\r\n', at);
    if (end < 0) break;
    const [line, ...fields] = data.toString('latin1', at, end).split('\r\n');
    const headers = Object.fromEntries(fields.map((f) => [f.slice(0, f.indexOf(':')).toLowerCase(), f.slice(f.indexOf(':') + 1).trim()]));
    const length = Number(headers['content-length'] ?? 0);
    out.push({ status: Number(line.split(' ')[1]), headers, body: data.subarray(end + 4, end + 4 + length) });
    at = end + 4 + length;
  }
  return out;
}

const run = toolIsAvailable('openssl') ? describe : describe.skip;

run('the dedicated OCSP responder (OCSP_PORT), checked with openssl and raw sockets', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-ocsp-responder-'));
  const file = (name: string) => path.join(dir, name);
  let platform: PlatformProcess;
  let env: NodeJS.ProcessEnv;
  let ocspPort: number;
  let issued: { serial: string };
  let getPath: string;

  const cli = (...args: string[]) => {
    const result = theqa([...args, '--json'], env);
    if (result.status !== 0) throw new Error(`theqa ${args.join(' ')} failed (${result.status}): ${result.stdout}${result.stderr}`);
    return JSON.parse(result.stdout);
  };
  const ocsp = (url: string, extra: string[] = []) => {
    const result = spawnSync('openssl', ['ocsp', '-issuer', 'ca.pem', '-cert', 'device.pem', '-url', `${url}/ca/ocsp`, '-CAfile', 'root.pem', '-resp_text', ...extra], { cwd: dir, encoding: 'utf8' });
    return `${result.stdout}${result.stderr}`;
  };

  beforeAll(async () => {
    const port = await freePort();
    ocspPort = await freePort();
    env = { ...process.env, THEQA_DATA_DIR: file('data'), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, OCSP_PORT: String(ocspPort), LOG_LEVEL: 'warn' };
    if (process.env.THEQA_TEST_DATABASE !== 'server') delete env.DATABASE_URL;
    platform = new PlatformProcess(port, env);
    await platform.start();
    for (const [name, target] of [
      ['theqa-root-ca', 'root.pem'],
      ['citizen-authentication-ca', 'ca.pem'],
    ]) {
      fs.writeFileSync(file(target), await (await fetch(`${platform.url}/ca/certs/${name}.pem`)).text());
    }
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file('device.key')]);
    execFileSync('openssl', ['req', '-new', '-key', file('device.key'), '-subj', '/CN=anything', '-out', file('device.csr')]);
    issued = cli('ca', 'issue', '--csr', file('device.csr'), '--profile', 'device-authentication', '--civil-number', '90023456', '--given-name', 'Aisha', '--surname', 'Al Balushi', '--out', file('device.pem'));
    execFileSync('openssl', ['ocsp', '-issuer', file('ca.pem'), '-cert', file('device.pem'), '-no_nonce', '-reqout', file('get.req')]);
    getPath = `/ca/ocsp/${encodeURIComponent(fs.readFileSync(file('get.req')).toString('base64'))}`;
  });
  afterAll(async () => {
    await platform?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const responder = () => `http://127.0.0.1:${ocspPort}`;

  it('answers good with the nonce echoed, then revoked right after a CLI revocation; GET answers are cacheable and match the platform port', async () => {
    const good = ocsp(responder());
    expect(good).toContain('Response verify OK');
    expect(good).toContain('device.pem: good');
    expect(good).not.toContain('WARNING: no nonce');

    const res = await fetch(`${responder()}${getPath}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/ocsp-response');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300, no-transform');
    const viaPlatform = Buffer.from(await (await fetch(`${platform.url}${getPath}`)).arrayBuffer());
    expect(Buffer.from(await res.arrayBuffer())).toEqual(viaPlatform);

    cli('ca', 'revoke', '--serial', issued.serial, '--reason', 'keyCompromise');
    const revoked = ocsp(responder(), ['-no_nonce']);
    expect(revoked).toContain('Response verify OK');
    expect(revoked).toContain('device.pem: revoked');
    expect(revoked).toContain('Reason: keyCompromise');
    expect(ocsp(responder())).toContain('device.pem: revoked'); // live-signed, with a nonce
  });

  it('answers pipelined requests in order, on one connection', async () => {
    const get = (target: string) => `GET ${target} HTTP/1.1\r\nHost: ocsp\r\n\r\n`;
    const { data, closed } = await exchange(ocspPort, [get(getPath) + get('/health') + get('/nope') + get(getPath)], { waitMs: 1_500 });
    const answers = responses(data);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 404, 200]);
    expect(answers[0].headers['content-type']).toBe('application/ocsp-response');
    expect(JSON.parse(answers[1].body.toString())).toMatchObject({ status: 'ok' });
    expect(answers[2].headers['content-type']).toBe('application/problem+json');
    expect(answers[3].body).toEqual(answers[0].body);
    expect(closed).toBe(false); // keep-alive
  });

  it('refuses what it does not understand with a problem document, closes, and keeps serving', async () => {
    const cases: Array<[string, Array<string | Buffer>, number]> = [
      ['garbage bytes', [Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x00, 0x0d, 0x0a])], 400],
      ['a bad request line', ['GET /ca/ocsp\r\n\r\n'], 400],
      ['oversized headers', [`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(9_000)}\r\n\r\n`], 431],
      ['an oversized body', ['POST /ca/ocsp HTTP/1.1\r\nHost: x\r\nContent-Type: application/ocsp-request\r\nContent-Length: 100000\r\n\r\n'], 413],
      ['a chunked body', ['POST /ca/ocsp HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'], 501],
      ['HTTP/2 cleartext', ['PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'], 505],
    ];
    for (const [name, pieces, expected] of cases) {
      const { data, closed } = await exchange(ocspPort, pieces);
      const [answer] = responses(data);
      expect({ name, status: answer?.status, closed }).toEqual({ name, status: expected, closed: true });
      expect(answer.headers['content-type']).toBe('application/problem+json');
      const body = JSON.parse(answer.body.toString('utf8'));
      expect(body).toMatchObject({ status: expected, instance: expect.stringMatching(/^urn:theqa:request:/) });
      expect(body.titles.ar).toBeTruthy();
    }
    const wrongType = await fetch(`${responder()}/ca/ocsp`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'ar' }, body: '{}' });
    expect(wrongType.status).toBe(415);
    const body = await wrongType.json();
    expect(body).toMatchObject({ type: 'urn:theqa:problem:unsupported-media-type', title: body.titles.ar });
    const method = await fetch(`${responder()}/ca/ocsp`, { method: 'PUT', body: 'x' });
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('GET, POST');
    const garbage = await fetch(`${responder()}/ca/ocsp`, { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: 'not DER at all' });
    expect(Buffer.from(await garbage.arrayBuffer())).toEqual(Buffer.from('30030a0101', 'hex')); // malformedRequest
    expect((await fetch(`${responder()}/health`)).status).toBe(200);
  });

  it('closes a slowloris connection with 408 after the request timeout, and still answers others', async () => {
    const slow = exchange(ocspPort, ['GET /health HTTP/1.1\r\n', 'Host: x\r\n', 'X-A: 1\r\n', 'X-B: 2\r\n', 'X-C: 3\r\n'], { gapMs: 2_500, waitMs: 20_000 });
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await fetch(`${responder()}/health`)).status).toBe(200);
    const { data, closed } = await slow;
    expect(closed).toBe(true);
    expect(responses(data)[0]?.status).toBe(408);
    expect(ocsp(responder(), ['-no_nonce'])).toContain('device.pem: revoked');
  }, 40_000);

  it('runs alone from the CLI (theqa ocsp serve) against the same database', async () => {
    const child = spawn(process.execPath, ['tools/bin/theqa.cjs', 'ocsp', 'serve', '--port', '0', '--json'], { cwd: WORKSPACE_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    child.stderr.on('data', (chunk) => output.push(String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const started = await new Promise<{ url: string }>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (chunk) => {
          text += String(chunk);
          try {
            resolve(JSON.parse(text));
          } catch {
            // not complete yet
          }
        });
        child.once('exit', (code) => reject(new Error(`theqa ocsp serve exited (${code}): ${output.join('')}`)));
      });
      const answer = ocsp(started.url);
      expect(answer).toContain('Response verify OK');
      expect(answer).toContain('device.pem: revoked');
      // Its /health reads the database, as the platform's own responder's does.
      expect(await (await fetch(`${started.url}/health`)).json()).toMatchObject({ status: 'ok', answering: 'normally', database: { reachable: true } });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('refuses a bad OCSP_PORT like any other setting (exit 78)', () => {
    const result = spawnSync(process.execPath, ['tools/run-ts.cjs', 'apps/platform/src/main.ts'], { cwd: WORKSPACE_ROOT, env: { ...env, OCSP_PORT: 'ocsp' }, encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('OCSP_PORT');
  });
});
