import { createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { base64url, createLocalJWKSet, jwtVerify } from 'jose';
import type { ConsentService, ReceiptKeySet } from '@theqa/consent';
import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import { createLogger } from '@theqa/http-shell';
import { ecdsaRawToDer } from '@theqa/keys';
import { loadConfiguration, PlatformServices } from '@theqa/platform';
import { run, testInstallation, theqaAsync, toolIsAvailable } from '@theqa/testing';

/**
 * `npx theqa consent receipt` and `consent verify-receipt`: a person's receipt made by the platform's
 * composition (the key store's consent-receipt-1), checked against the published key set from a file,
 * from a URL and by default from THEQA_URL, by jose and by OpenSSL on its own; every forgery refused.
 */
describe('consent receipts from the command line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-receipts-'));
  const file = (name: string) => path.join(dir, name);
  const purpose = { ar: 'تقديم خدمات النقل', en: 'Providing transport services' };
  // Ordinary registry persons 140 and 141: this suite's (EnrolmentHarness.persons has who takes which).
  const named = new Set<string>(Object.values(TEST_PERSONS));
  const [person, stranger] = new SyntheticCivilRegistry()
    .listPersons()
    .filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death)
    .slice(140, 142)
    .map((p) => p.civil_number);
  let services: PlatformServices;
  let consents: ConsentService;
  let keys: ReceiptKeySet;
  let keyServer: http.Server;
  let env: NodeJS.ProcessEnv;

  const theqa = (...args: string[]) => theqaAsync(args, env);
  const json = async (...args: string[]) => {
    const result = await theqa(...args, '--json');
    return { status: result.status, body: JSON.parse(result.stdout || '{}'), stderr: result.stderr };
  };

  beforeAll(async () => {
    if (!person || !stranger) throw new Error('the synthetic registry has fewer than 142 ordinary persons');
    const config = loadConfiguration({ ...process.env, PUBLIC_BASE_URL: testInstallation().publicBaseUrl });
    const logger = createLogger({ level: 'error', destination: new Writable({ write: (_chunk, _enc, done) => done() }) });
    services = await PlatformServices.open(config, { logger, actor: 'test', applicationName: 'theqa-test', poolSize: 2 });
    consents = await services.consents();
    keys = await (await services.consentReceipts()).publicKeys();
    fs.writeFileSync(file('keys.json'), JSON.stringify(keys));
    // The platform's published keys, as a server other than the platform would serve them.
    keyServer = http.createServer((req, res) => {
      if (req.url !== '/.well-known/consent-receipt-keys.json') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify(keys));
    });
    await new Promise<void>((resolve) => keyServer.listen(0, '127.0.0.1', resolve));
    env = { ...process.env, THEQA_URL: `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}` };
  });
  afterAll(async () => {
    await new Promise((resolve) => keyServer?.close(resolve));
    await services?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a receipt that verifies with the published keys (file, URL, THEQA_URL), with jose, and with OpenSSL alone', async () => {
    const consent = await consents.grant({ civilNumber: person, clientId: 'naql-receipts', claims: ['civil_number', 'full_name_en'], purpose, actor: 'test' });
    const made = await json('consent', 'receipt', '--civil-number', person, '--consent', consent.id, '--out', file('given.jwt'));
    expect(made).toMatchObject({ status: 0, body: { file: file('given.jwt'), file_name: expect.stringMatching(/^consent-receipt-naql-receipts-\d{8}T\d{6}Z\.jwt$/) } });
    const jws = fs.readFileSync(file('given.jwt'), 'utf8').trim();

    // By default the running platform's keys at THEQA_URL; or a saved key set; or a URL given.
    const byDefault = await theqa('consent', 'verify-receipt', file('given.jwt'));
    expect(byDefault.status).toBe(0);
    expect(byDefault.stdout).toContain('Consent receipt: the signature is valid');
    expect(byDefault.stdout).toContain(`civil number ${person}`);
    expect(byDefault.stdout).toMatch(/data\s+Civil number, Full name \(Latin\)/);
    expect(byDefault.stdout).toMatch(/state\s+in force until /);
    for (const source of [file('keys.json'), `${env.THEQA_URL}/.well-known/consent-receipt-keys.json`]) {
      const verified = await json('consent', 'verify-receipt', file('given.jwt'), '--keys', source);
      expect(verified).toMatchObject({ status: 0, body: { valid: true, kid: keys.keys[0].kid, keys: source } });
      expect(verified.body.receipt).toMatchObject({ record_id: consent.id, pii_principal_id: person, pii_controllers: [{ id: 'naql-receipts' }], consent: { state: 'given', withdrawn_at: null } });
    }

    // Any JOSE library with the key set.
    const { payload, protectedHeader } = await jwtVerify(jws, createLocalJWKSet(keys), { typ: 'consent-receipt+jwt', algorithms: ['ES256'] });
    expect(protectedHeader.kid).toBe(keys.keys[0].kid);
    expect(payload.sub).toBe(person);

    // OpenSSL on its own: the signing input, the signature as DER, the public key as PEM.
    if (toolIsAvailable('openssl')) {
      const [header, body, signature] = jws.split('.');
      fs.writeFileSync(file('input.txt'), `${header}.${body}`);
      fs.writeFileSync(file('signature.der'), ecdsaRawToDer(Buffer.from(base64url.decode(signature))));
      fs.writeFileSync(file('receipt-key.pem'), createPublicKey({ key: { ...keys.keys[0] }, format: 'jwk' }).export({ type: 'spki', format: 'pem' }));
      const checked = run('openssl', ['dgst', '-sha256', '-verify', file('receipt-key.pem'), '-signature', file('signature.der'), file('input.txt')]);
      expect(checked).toMatchObject({ status: 0, output: expect.stringContaining('Verified OK') });
      fs.writeFileSync(file('input.txt'), `${header}.${body}x`);
      expect(run('openssl', ['dgst', '-sha256', '-verify', file('receipt-key.pem'), '-signature', file('signature.der'), file('input.txt')]).status).not.toBe(0);
    }
  });

  it('shows the withdrawal in a receipt made after it', async () => {
    const consent = await consents.grant({ civilNumber: person, clientId: 'withdrawn-receipts', claims: ['date_of_birth'], purpose, actor: 'test' });
    await consents.withdraw(consent.id, 'test');
    expect((await theqa('consent', 'receipt', '--civil-number', person, '--consent', consent.id, '--out', file('withdrawn.jwt'))).status).toBe(0);
    const text = await theqa('consent', 'verify-receipt', file('withdrawn.jwt'));
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/state\s+withdrawn on \d{4}-/);
    expect(text.stdout).toMatch(/events\s+given \S+, withdrawn \S+/);
    const { body } = await json('consent', 'verify-receipt', file('withdrawn.jwt'));
    expect(body.receipt.consent).toMatchObject({ state: 'withdrawn', withdrawn_at: expect.any(String), events: [{ state: 'given' }, { state: 'withdrawn' }] });
  });

  it('refuses a tampered receipt, one signed with another key, a file that is no receipt, and keys it cannot get', async () => {
    const consent = await consents.grant({ civilNumber: person, clientId: 'forged-receipts', claims: ['civil_number'], purpose, actor: 'test' });
    await theqa('consent', 'receipt', '--civil-number', person, '--consent', consent.id, '--out', file('genuine.jwt'));
    const [header, body, signature] = fs.readFileSync(file('genuine.jwt'), 'utf8').trim().split('.');
    const claims = JSON.parse(Buffer.from(base64url.decode(body)).toString('utf8'));
    fs.writeFileSync(file('tampered.jwt'), `${header}.${base64url.encode(JSON.stringify({ ...claims, pii_principal_id: stranger, sub: stranger }))}.${signature}`);

    // Signed with another platform's key (another key store under its own label), published nowhere.
    const otherKey = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as CryptoKeyPair;
    const input = `${base64url.encode(JSON.stringify({ alg: 'ES256', typ: 'consent-receipt+jwt', kid: 'not-the-platform' }))}.${body}`;
    const foreign = Buffer.from(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, otherKey.privateKey, Buffer.from(input)));
    fs.writeFileSync(file('foreign.jwt'), `${input}.${base64url.encode(foreign)}`);
    // The same key claiming the platform's kid.
    const claimed = `${header}.${body}`;
    fs.writeFileSync(file('impostor.jwt'), `${claimed}.${base64url.encode(Buffer.from(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, otherKey.privateKey, Buffer.from(claimed))))}`);
    fs.writeFileSync(file('garbage.jwt'), 'hello, this is not a receipt');

    const refusals: Array<[string, string[], { status: number; code: string; message: RegExp }]> = [
      ['tampered', [file('tampered.jwt')], { status: 1, code: 'receipt-signature-invalid', message: /signature does not verify .*altered, or signed by someone else/ }],
      ['impostor', [file('impostor.jwt')], { status: 1, code: 'receipt-signature-invalid', message: /signature does not verify/ }],
      ['foreign', [file('foreign.jwt')], { status: 1, code: 'receipt-key-unknown', message: /not-the-platform, which is not among the published keys/ }],
      ['garbage', [file('garbage.jwt')], { status: 1, code: 'receipt-malformed', message: /not a compact JWS/ }],
      ['missing', [file('missing.jwt')], { status: 2, code: 'usage', message: /cannot read/ }],
      ['bad keys', [file('genuine.jwt'), '--keys', file('garbage.jwt')], { status: 1, code: 'receipt-keys-invalid', message: /not JSON/ }],
      ['no platform', [file('genuine.jwt'), '--keys', 'http://127.0.0.1:9/.well-known/consent-receipt-keys.json'], { status: 1, code: 'keys-unavailable', message: /cannot fetch the published keys/ }],
    ];
    for (const [name, args, expected] of refusals) {
      const result = await json('consent', 'verify-receipt', ...args);
      expect({ name, status: result.status, code: result.body.error?.code }).toEqual({ name, status: expected.status, code: expected.code });
      expect(result.body.error.message).toMatch(expected.message);
      // As a person reads it: the message on stderr, nothing on stdout.
      if (name !== 'tampered' && name !== 'missing') continue;
      const text = await theqa('consent', 'verify-receipt', ...args);
      expect({ name, status: text.status, stdout: text.stdout }).toEqual({ name, status: expected.status, stdout: '' });
      expect(text.stderr).toMatch(expected.message);
    }
    expect((await theqa('consent', 'verify-receipt', file('genuine.jwt'))).status).toBe(0);
  }, 240_000); // eleven runs of the CLI, each opening the platform: minutes on a loaded machine

  it('refuses to make a receipt of another person’s consent, as of one that does not exist', async () => {
    const consent = await consents.grant({ civilNumber: person, clientId: 'private-receipts', claims: ['civil_number'], purpose, actor: 'test' });
    for (const [civilNumber, id] of [
      [stranger, consent.id],
      [person, '00000000-0000-4000-8000-000000000000'],
    ]) {
      const refused = await json('consent', 'receipt', '--civil-number', civilNumber, '--consent', id, '--out', file('refused.jwt'));
      expect(refused).toMatchObject({ status: 1, body: { error: { code: 'consent-unknown', message: expect.stringMatching(/^no consent with id /) } } });
    }
    expect(fs.existsSync(file('refused.jwt'))).toBe(false);
    await expect((await services.consentReceipts()).issue(consent.id, stranger)).rejects.toMatchObject({ code: 'consent-unknown' });
  });
});
