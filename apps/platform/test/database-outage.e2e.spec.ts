import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { boolean, buildCertificationRequest, encodeCertId, issuerKeyHashes, nullValue, octetString, oid, sequence, smallInteger } from '@theqa/ca';
import { freePort, PlatformProcess, TcpProxy } from '@theqa/testing';

/**
 * The database stops under a running platform (a proxy in front of the test run's database is cut):
 * the CA's HTTP services say "unavailable, come back later" — 503 problem+json with Retry-After, never
 * 500 — OCSP answers tryLater, and the dedicated OCSP responder's /health says so. When the database
 * is back, everything answers again without a restart.
 */
describe('a database outage under a running platform', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-outage-'));
  const token = 'outage-test-Token-0123456789abcdef';
  const STACK_TRACE = /\bat [\w.<>]+ \(|\.ts:\d+|node_modules/;
  let proxy: TcpProxy;
  let platform: PlatformProcess;
  let ocspUrl: string;
  let issuerDer: Buffer;
  let serial: string;

  beforeAll(async () => {
    const database = new URL(process.env.DATABASE_URL!);
    proxy = new TcpProxy({ host: database.hostname, port: Number(database.port) });
    database.port = String(await proxy.listen());
    const [port, ocspPort] = [await freePort(), await freePort()];
    ocspUrl = `http://127.0.0.1:${ocspPort}`;
    platform = new PlatformProcess(port, {
      ...process.env,
      DATABASE_URL: database.toString(),
      THEQA_DATA_DIR: path.join(dir, 'data'),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      THEQA_CA_API_TOKEN: token,
      OCSP_PORT: String(ocspPort),
      LOG_LEVEL: 'warn',
    });
    await platform.start();
    issuerDer = Buffer.from(await (await fetch(`${platform.url}/ca/certs/citizen-authentication-ca.crt`)).arrayBuffer());
  });
  afterAll(async () => {
    proxy?.restore();
    await platform?.stop();
    await proxy?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const csr = async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const der = await buildCertificationRequest({
      publicKeySpki: publicKey.export({ type: 'spki', format: 'der' }),
      signatureAlgorithm: 'ecdsa-with-SHA256',
      sign: (data) => sign('sha256', data, { key: privateKey, dsaEncoding: 'der' }),
    });
    return der.toString('base64');
  };
  const issue = async (query = '') =>
    fetch(`${platform.url}/ca/certificates${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ csr: await csr(), profile: 'device-authentication', identity: { civil_number: '12345678', given_name: 'Salim', surname: 'Al Harthy' } }),
    });
  /** RFC 3161 TimeStampReq for a SHA-256 imprint, certificate requested. */
  const timeStampQuery = () =>
    sequence(smallInteger(1), sequence(sequence(oid('2.16.840.1.101.3.4.2.1'), nullValue()), octetString(createHash('sha256').update('lease contract').digest())), boolean(true));
  /** RFC 6960 OCSPRequest for one certificate of the citizen authentication CA, without nonce. */
  const ocspQuery = (serialHex: string) => {
    const { issuerNameHash, issuerKeyHash } = issuerKeyHashes(issuerDer).sha1;
    return sequence(sequence(sequence(sequence(encodeCertId('sha1', issuerNameHash, issuerKeyHash, Buffer.from(serialHex, 'hex'))))));
  };
  const ocsp = async (base: string, serialHex: string) => {
    const res = await fetch(`${base}/ca/ocsp`, { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: new Uint8Array(ocspQuery(serialHex)) });
    return Buffer.from(await res.arrayBuffer());
  };
  /** OCSPResponse { responseStatus tryLater (3) }, RFC 6960 §4.2.1. */
  const TRY_LATER = Buffer.from('30030a0103', 'hex');
  const until = async (what: () => Promise<boolean>, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await what())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  /** What a client sees of an answer: a 503 problem with Retry-After (header and member), and no stack. */
  const outcome = async (where: string, answer: Promise<Response>) => {
    const res = await answer;
    const text = await res.text();
    const json = (() => {
      try {
        return JSON.parse(text);
      } catch {
        return undefined;
      }
    })();
    return {
      where,
      status: res.status,
      problem: (res.headers.get('content-type') ?? '').startsWith('application/problem+json'),
      retryAfter: Number(res.headers.get('retry-after')) > 0 && typeof json?.retry_after === 'number',
      stackFree: !STACK_TRACE.test(text),
    };
  };
  const unavailable = (where: string) => ({ where, status: 503, problem: true, retryAfter: true, stackFree: true });

  it('before: issues, and the dedicated responder reports itself answering', async () => {
    const res = await issue();
    expect(res.status).toBe(201);
    serial = (await res.json()).serial;
    expect(await ocsp(ocspUrl, serial)).not.toEqual(TRY_LATER);
    const health = await fetch(`${ocspUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', service: 'ocsp', answering: 'normally' });
  });

  it('during: issuance, time-stamps and CRLs answer 503 with Retry-After; OCSP answers tryLater, and the responder says so', async () => {
    proxy.cut();
    await until(async () => (await fetch(`${platform.url}/health`)).status === 503);

    const outcomes = [
      await outcome('issuance (fast path)', issue()),
      await outcome('issuance (Nest route)', issue('?via=nest')),
      await outcome('time-stamps', fetch(`${platform.url}/ca/tsa`, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: new Uint8Array(timeStampQuery()) })),
      await outcome('CRL', fetch(`${platform.url}/ca/crl/citizen-authentication-ca.crl`)),
    ];
    expect(outcomes).toEqual(outcomes.map((o) => unavailable(o.where)));

    // A certificate whose answer was never signed: nothing to serve but tryLater, on either port; the
    // responder's /health probes the database at most once a second.
    await until(async () => (await fetch(`${ocspUrl}/health`)).status !== 200, 5_000).catch(() => undefined);
    const health = await fetch(`${ocspUrl}/health`);
    expect({
      platformPort: (await ocsp(platform.url, '0123456789abcdef01')).toString('hex'),
      responder: (await ocsp(ocspUrl, '0123456789abcdef01')).toString('hex'),
      responderHealth: { status: health.status, type: health.headers.get('content-type'), body: await health.json() },
    }).toEqual({
      platformPort: TRY_LATER.toString('hex'),
      responder: TRY_LATER.toString('hex'),
      responderHealth: { status: 503, type: 'application/problem+json', body: expect.objectContaining({ service: 'ocsp', answering: 'tryLater', database: { reachable: false } }) },
    });
  });

  it('after: the database back, everything answers again without a restart', async () => {
    proxy.restore();
    await until(async () => (await fetch(`${platform.url}/health`)).status === 200);
    expect((await issue()).status).toBe(201);
    expect((await fetch(`${platform.url}/ca/crl/citizen-authentication-ca.crl`)).status).toBe(200);
    await until(async () => (await fetch(`${ocspUrl}/health`)).status === 200);
    expect(await ocsp(ocspUrl, serial)).not.toEqual(TRY_LATER);
  });
});
