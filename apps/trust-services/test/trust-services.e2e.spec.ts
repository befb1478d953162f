import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, PlatformProcess, theqa, toolIsAvailable } from '@theqa/testing';

/**
 * The CA's acceptance, driven as an administrator and a relying party would: the platform started as
 * `npm start` starts it, the CLI for issuance and revocation, and OpenSSL, GnuTLS and curl-like HTTP
 * for everything a relying party checks.
 */
// openssl makes the CSRs and checks nearly every answer (later tests build on what earlier ones issued);
// certtool checks the CRLs once more.
const withOpenssl = toolIsAvailable('openssl');
const withCerttool = toolIsAvailable('certtool');
const describeWithOpenssl = withOpenssl ? describe : describe.skip;

/**
 * fetch, after one turn of the event loop. The verifiers and the CLI run synchronously and, on a loaded
 * machine, can hold the loop past the server's keep-alive (65 s): the turn lets the client see a pooled
 * connection the server closed meanwhile, rather than write the next request into it ("other side closed").
 */
const request = async (url: string, init?: RequestInit) => {
  await new Promise((resolve) => setImmediate(resolve));
  return fetch(url, init);
};

describeWithOpenssl('trust services over HTTP, checked by real verifiers', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-trust-'));
  const file = (name: string) => path.join(dir, name);
  let platform: PlatformProcess;
  let env: NodeJS.ProcessEnv;

  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, { cwd: dir, encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };
  const cli = (...args: string[]) => {
    const result = theqa([...args, '--json'], env);
    if (result.status !== 0) throw new Error(`theqa ${args.join(' ')} failed (${result.status}): ${result.stdout}${result.stderr}`);
    return JSON.parse(result.stdout);
  };
  const download = async (urlPath: string, name: string) => {
    const res = await request(`${platform.url}${urlPath}`);
    expect(res.status).toBe(200);
    fs.writeFileSync(file(name), Buffer.from(await res.arrayBuffer()));
    return res;
  };
  const ocsp = (cert: string, issuer: string, extra: string[] = []) =>
    run('openssl', ['ocsp', '-issuer', issuer, '-cert', cert, '-url', `${platform.url}/ca/ocsp`, '-CAfile', 'root.pem', '-resp_text', ...extra]);
  const newCsr = (name: string) => {
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file(`${name}.key`)]);
    execFileSync('openssl', ['req', '-new', '-key', file(`${name}.key`), '-subj', '/CN=anything', '-out', file(`${name}.csr`)]);
    return file(`${name}.csr`);
  };
  const issue = (name: string, profile: string) =>
    cli('ca', 'issue', '--csr', newCsr(name), '--profile', profile, '--civil-number', '90012345', '--given-name', 'Aisha', '--surname', 'Al Balushi', '--out', file(`${name}.pem`));

  beforeAll(async () => {
    const port = await freePort();
    env = { ...process.env, THEQA_DATA_DIR: file('data'), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn' };
    // Its own embedded database unless a real PostgreSQL is given (the CI pass); the test run's CA keys
    // (THEQA_DEV_DIR from the global setup) either way, so the shared hierarchy is never re-issued.
    if (process.env.THEQA_TEST_DATABASE !== 'server') delete env.DATABASE_URL;
    platform = new PlatformProcess(port, env);
    await platform.start();
    await download('/ca/certs/theqa-root-ca.pem', 'root.pem');
    for (const name of ['citizen-authentication-ca', 'citizen-signing-ca', 'citizen-authentication-ocsp', 'theqa-tsa']) await download(`/ca/certs/${name}.pem`, `${name}.pem`);
  });
  afterAll(async () => {
    await platform?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the hierarchy as PEM and DER; unknown names are a 404 problem', async () => {
    const der = await download('/ca/certs/citizen-authentication-ca.crt', 'auth.crt');
    expect(der.headers.get('content-type')).toBe('application/pkix-cert');
    expect(run('openssl', ['x509', '-inform', 'DER', '-in', 'auth.crt', '-noout', '-subject']).output).toContain('Citizen Authentication CA');
    const missing = await request(`${platform.url}/ca/certs/nope.pem`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });

  (withCerttool ? it : it.skip)('every CRL verifies with openssl and certtool', async () => {
    for (const ca of ['theqa-root-ca', 'citizen-authentication-ca', 'citizen-signing-ca']) {
      await download(`/ca/crl/${ca}.crl`, `${ca}.crl`);
      const signer = ca === 'theqa-root-ca' ? 'root.pem' : `${ca}.pem`;
      expect(run('openssl', ['crl', '-inform', 'DER', '-in', `${ca}.crl`, '-CAfile', signer, '-noout', '-verify']).output).toContain('verify OK');
      run('openssl', ['crl', '-inform', 'DER', '-in', `${ca}.crl`, '-out', `${ca}.crl.pem`]);
      const gnutls = run('certtool', ['--verify-crl', '--load-ca-certificate', signer, '--infile', `${ca}.crl.pem`]);
      expect({ ca, status: gnutls.status }).toEqual({ ca, status: 0 });
    }
  });

  it('OCSP: good, then revoked right after a CLI revocation — signed by the delegated responder, nonce echoed', async () => {
    const issued = issue('device', 'device-authentication');
    expect(issued.subject).toContain('serialNumber=PNOOM-90012345');
    const good = ocsp('device.pem', 'citizen-authentication-ca.pem');
    expect(good.output).toContain('Response verify OK');
    expect(good.output).toContain('device.pem: good');
    expect(good.output).not.toContain('WARNING: no nonce');
    expect(good.output).toMatch(/Responder Id: .*|Responder Id/);

    cli('ca', 'revoke', '--serial', issued.serial, '--reason', 'keyCompromise', '--comment', 'phone stolen');
    const revoked = ocsp('device.pem', 'citizen-authentication-ca.pem');
    expect(revoked.output).toContain('Response verify OK');
    expect(revoked.output).toContain('device.pem: revoked');
    expect(revoked.output).toContain('Reason: keyCompromise');
    // The pre-signed (nonce-less) path says the same.
    expect(ocsp('device.pem', 'citizen-authentication-ca.pem', ['-no_nonce']).output).toContain('device.pem: revoked');

    await download('/ca/crl/citizen-authentication-ca.crl', 'after.crl');
    const crlText = run('openssl', ['crl', '-inform', 'DER', '-in', 'after.crl', '-noout', '-text']).output;
    expect(crlText).toContain(`Serial Number: ${issued.serial}`);
    expect(crlText).toContain('Key Compromise');
  });

  it('a suspension answers revoked (certificateHold) and its release answers good again', async () => {
    const issued = issue('signing', 'qualified-signing');
    expect(ocsp('signing.pem', 'citizen-signing-ca.pem').output).toContain('signing.pem: good');
    cli('ca', 'hold', '--serial', issued.serial);
    const held = ocsp('signing.pem', 'citizen-signing-ca.pem', ['-no_nonce']);
    expect(held.output).toContain('signing.pem: revoked');
    expect(held.output).toContain('Reason: certificateHold');
    cli('ca', 'release', '--serial', issued.serial);
    expect(ocsp('signing.pem', 'citizen-signing-ca.pem', ['-no_nonce']).output).toContain('signing.pem: good');
  });

  it('OCSP over GET (RFC 6960 appendix A) answers from the pre-signed cache', async () => {
    const query = run('openssl', ['ocsp', '-issuer', 'citizen-authentication-ca.pem', '-cert', 'device.pem', '-no_nonce', '-reqout', 'get.req']);
    expect(query.status).toBe(0);
    const encoded = encodeURIComponent(fs.readFileSync(file('get.req')).toString('base64'));
    const res = await request(`${platform.url}/ca/ocsp/${encoded}`);
    expect(res.headers.get('content-type')).toBe('application/ocsp-response');
    fs.writeFileSync(file('get.resp'), Buffer.from(await res.arrayBuffer()));
    const checked = run('openssl', ['ocsp', '-respin', 'get.resp', '-issuer', 'citizen-authentication-ca.pem', '-cert', 'device.pem', '-CAfile', 'root.pem']);
    expect(checked.output).toContain('Response verify OK');
    expect(checked.output).toContain('device.pem: revoked');
  });

  it('OCSP refuses garbage with malformedRequest, a wrong content type with 415, an unknown serial with unknown', async () => {
    const garbage = await request(`${platform.url}/ca/ocsp`, { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: 'not DER at all' });
    expect(garbage.status).toBe(200);
    expect(Buffer.from(await garbage.arrayBuffer())).toEqual(Buffer.from('30030a0101', 'hex'));
    const wrongType = await request(`${platform.url}/ca/ocsp`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'ar' }, body: '{}' });
    expect(wrongType.status).toBe(415);
    expect(wrongType.headers.get('content-type')).toBe('application/problem+json');
    const body = await wrongType.json();
    expect(body).toMatchObject({ type: 'urn:theqa:problem:unsupported-media-type', title: body.titles.ar, instance: expect.stringMatching(/^urn:theqa:request:/) });
    expect(body.titles.en).toBeTruthy();
    const unknown = run('openssl', ['ocsp', '-issuer', 'citizen-authentication-ca.pem', '-serial', '0x0123456789ABCDEF', '-url', `${platform.url}/ca/ocsp`, '-CAfile', 'root.pem']);
    expect(unknown.output).toContain('unknown');
  });

  it('time-stamps: openssl ts -verify accepts the token; garbage gets a rejection, not an error page', async () => {
    fs.writeFileSync(file('contract.txt'), 'عقد إيجار — lease contract');
    expect(run('openssl', ['ts', '-query', '-data', 'contract.txt', '-sha256', '-cert', '-out', 'q.tsq']).status).toBe(0);
    const res = await request(`${platform.url}/ca/tsa`, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: fs.readFileSync(file('q.tsq')) });
    expect(res.headers.get('content-type')).toBe('application/timestamp-reply');
    fs.writeFileSync(file('r.tsr'), Buffer.from(await res.arrayBuffer()));
    expect(run('openssl', ['ts', '-verify', '-in', 'r.tsr', '-queryfile', 'q.tsq', '-CAfile', 'root.pem', '-untrusted', 'theqa-tsa.pem']).output).toContain('Verification: OK');
    expect(run('openssl', ['ts', '-verify', '-in', 'r.tsr', '-data', 'contract.txt', '-CAfile', 'root.pem', '-untrusted', 'theqa-tsa.pem']).output).toContain('Verification: OK');

    const bad = await request(`${platform.url}/ca/tsa`, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: 'garbage' });
    fs.writeFileSync(file('bad.tsr'), Buffer.from(await bad.arrayBuffer()));
    expect(run('openssl', ['ts', '-reply', '-in', 'bad.tsr', '-text']).output).toContain('Rejected');
    const wrongType = await request(`${platform.url}/ca/tsa`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(wrongType.status).toBe(415);
  });

  it("ca issue takes the holder's names from the civil registry, and refuses names that contradict it", () => {
    const issued = cli('ca', 'issue', '--csr', newCsr('registry'), '--profile', 'device-authentication', '--civil-number', '10000008');
    expect(issued.subject).toContain('Maryam Abdullah Yousuf Al Busaidi');
    expect(issued.subject).toContain('PNOOM-10000008');
    const contradicted = theqa(['ca', 'issue', '--csr', newCsr('registry2'), '--profile', 'device-authentication', '--civil-number', '10000008', '--given-name', 'Someone', '--json'], env);
    expect(contradicted.status).toBe(2);
    expect(JSON.parse(contradicted.stdout).error.code).toBe('identity-mismatch');
    const unknown = theqa(['ca', 'issue', '--csr', newCsr('registry3'), '--profile', 'device-authentication', '--civil-number', '90012399', '--json'], env);
    expect(JSON.parse(unknown.stdout).error.message).toContain('--given-name');
  });

  it('the CLI refuses bad requests clearly and changes nothing; the audit chain verifies', () => {
    const unknownSerial = theqa(['ca', 'revoke', '--serial', 'ABCDEF0123', '--reason', 'keyCompromise'], env);
    expect(unknownSerial.status).toBe(1);
    expect(unknownSerial.stderr).toContain('no certificate with serial');
    const garbageCsr = file('garbage.csr');
    fs.writeFileSync(garbageCsr, 'not a CSR');
    const badCsr = theqa(['ca', 'issue', '--csr', garbageCsr, '--profile', 'device-authentication', '--civil-number', '90012345', '--given-name', 'A', '--surname', 'B'], env);
    expect(badCsr.status).toBe(1);
    expect(badCsr.stderr).toMatch(/CSR/);
    const unknownProfile = theqa(['ca', 'issue', '--csr', newCsr('x'), '--profile', 'root-of-all-evil', '--civil-number', '90012345', '--given-name', 'A', '--surname', 'B'], env);
    expect(unknownProfile.stderr).toContain('no certificate profile named');
    const listed = cli('ca', 'list', '--civil-number', '90012345');
    expect(listed.map((c: { status: string }) => c.status).sort()).toEqual(['good', 'revoked']);
    expect(cli('audit', 'verify')).toMatchObject({ ok: true });
  });
});

// Every request carries a CSR openssl made.
describeWithOpenssl('the issuance API', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-issuance-api-'));
  const token = 'issuance-api-test-token-0123456789abcdef';
  let platform: PlatformProcess;

  beforeAll(async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, THEQA_DATA_DIR: path.join(dir, 'data'), THEQA_DEV_DIR: path.join(dir, 'dev'), THEQA_CA_API_TOKEN: token, LOG_LEVEL: 'warn' };
    // Its own embedded database: neither the run's server nor its owner's migration URL.
    delete env.DATABASE_URL;
    delete env.DATABASE_MIGRATION_URL;
    platform = new PlatformProcess(port, env);
    await platform.start();
  });
  afterAll(async () => {
    await platform?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const csrPem = () => {
    const key = path.join(dir, `k${Math.random()}.pem`);
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
    return execFileSync('openssl', ['req', '-new', '-key', key, '-subj', '/CN=ignored'], { encoding: 'utf8' });
  };
  const post = (body: unknown, auth: string | null = `Bearer ${token}`) =>
    request(`${platform.url}/ca/certificates`, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body: JSON.stringify(body) });
  const valid = () => ({ csr: csrPem(), profile: 'device-authentication', identity: { civil_number: '12345678', given_name: 'Salim', surname: 'Al Harthy' } });

  it('issues for a caller with the token; the certificate is recorded before it is returned', async () => {
    const res = await post(valid());
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.certificate).toContain('BEGIN CERTIFICATE');
    expect(body.subject).toContain('serialNumber=PNOOM-12345678');
    const list = theqa(['ca', 'status', '--serial', body.serial, '--json'], { ...process.env, THEQA_DATA_DIR: path.join(dir, 'data'), THEQA_DEV_DIR: path.join(dir, 'dev'), DATABASE_URL: '', DATABASE_MIGRATION_URL: '' });
    expect(JSON.parse(list.stdout)).toMatchObject({ status: 'good', civil_number: '12345678' });
  });

  it.each([
    ['no token', null],
    ['a wrong token', 'Bearer not-the-token'],
    ['a malformed header', 'Basic abc'],
  ])('refuses %s with 401 problem+json', async (_label, auth) => {
    const res = await post(valid(), auth);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('bad input gets 400 problems naming what is wrong, and nothing is issued', async () => {
    const missing = await post({ profile: 'device-authentication' });
    expect(missing.status).toBe(400);
    expect((await missing.json()).errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['csr', 'identity']));
    const garbage = await post({ ...valid(), csr: 'garbage' });
    expect(garbage.status).toBe(400);
    expect((await garbage.json()).type).toBe('urn:theqa:problem:csr-malformed');
    const profile = await post({ ...valid(), profile: 'no-such-profile' });
    expect((await profile.json()).type).toBe('urn:theqa:problem:profile-unknown');
    const civil = await post({ ...valid(), identity: { civil_number: 'x', given_name: 'A', surname: 'B' } });
    expect(civil.status).toBe(400);
    const arabic = await request(`${platform.url}/ca/certificates`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'accept-language': 'ar' }, body: JSON.stringify({ ...valid(), csr: 'garbage' }) });
    expect((await arabic.json()).title).toBe('تعذّرت قراءة طلب الشهادة');
  });
});
