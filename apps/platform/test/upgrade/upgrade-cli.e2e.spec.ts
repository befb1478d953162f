import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import { createLogger } from '@theqa/http-shell';
import type { Upgrades } from '@theqa/identity';
import type { RegistryPerson } from '@theqa/integrations';
import { freePort, PlatformProcess, theqaAsync, toolIsAvailable } from '@theqa/testing';
import { loadConfiguration } from '../../src/composition/configuration';
import { PlatformServices } from '../../src/composition/platform-services';

/**
 * The issue's upgrade, end to end with the CLI wallet: the platform as `npm start` runs it, the
 * portal's side played by the composition root's Upgrades (`begin`, as the portal calls it for its
 * logged-in person and the device they pick), the wallet registered and upgraded with `npx theqa
 * wallet`. Then the identity is HIGH, the signing certificate verifies with openssl up to the root
 * through the Citizen Signing CA and is qualified (QC statements), and the wallet signs a relying
 * party's signing request. A run that stops (a wrong SMS code) is carried on by `wallet upgrade` alone.
 */
const itWithOpenssl = toolIsAvailable('openssl') ? it : it.skip;
const PIN = '583920';

describe('wallet upgrade: MEDIUM to HIGH with the CLI wallet', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-upgrade-cli-'));
  const registry = new SyntheticCivilRegistry();
  let platform: PlatformProcess;
  let services: PlatformServices;
  let upgrades: Upgrades;
  let env: NodeJS.ProcessEnv;
  let base = '';

  // The upgrade's persons (EnrolmentHarness.persons): 116 and 117 are this suite's.
  const named = new Set<string>(Object.values(TEST_PERSONS));
  const ordinary = registry.listPersons().filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death);
  const home = (person: RegistryPerson) => path.join(dir, `wallet-${person.civil_number}`);
  const wallet = (person: RegistryPerson, ...args: string[]) => theqaAsync(['wallet', '--home', home(person), ...args], env);
  const walletJson = async (person: RegistryPerson, ...args: string[]) => {
    const result = await wallet(person, ...args, '--json');
    return { status: result.status, json: JSON.parse(result.stdout || '{}'), stderr: result.stderr };
  };
  const cli = async (...args: string[]) => {
    const result = await theqaAsync([...args, '--json'], env);
    if (result.status !== 0) throw new Error(`theqa ${args.join(' ')} failed (${result.status}): ${result.stdout}${result.stderr}`);
    return JSON.parse(result.stdout);
  };
  const register = async (person: RegistryPerson) => {
    const registered = await walletJson(person, 'register', '--civil-number', person.civil_number, '--email', 'person@example.com', '--phone', person.phone_number, '--pin', PIN);
    expect(registered).toMatchObject({ status: 0, json: { assurance: 'medium' } });
    return registered.json.device.serial as string;
  };
  const text = async (urlPath: string) => (await fetch(`${base}${urlPath}`)).text();

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = { ...process.env, PUBLIC_BASE_URL: base, THEQA_URL: base, THEQA_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'warn' };
    delete env.THEQA_WALLET_PIN;
    platform = new PlatformProcess(port, env);
    await platform.start();
    // The portal's side: the same composition root, in this process, on the same database.
    const logger = createLogger({ level: 'error', destination: new Writable({ write: (_chunk, _enc, done) => done() }) });
    services = await PlatformServices.open(loadConfiguration(env), { logger, actor: 'test-portal', applicationName: 'theqa-test-portal', poolSize: 2 });
    upgrades = (await services.identity()).upgrades;
  }, 180_000);

  afterAll(async () => {
    await services?.close();
    await platform?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('a registered person picks their device in the portal and scans its code', () => {
    const person = ordinary[116];
    let serial = '';
    let upgraded: { certificate: string; certificate_serial: string };

    it('upgrades: the wallet prints HIGH; the identity is HIGH; status offers signing requests', async () => {
      serial = await register(person);
      const begun = await upgrades.begin({ civilNumber: person.civil_number, device: serial });
      expect(begun.step).toBe('scan');

      const result = await walletJson(person, 'upgrade', '--qr', begun.qrPayload, '--pin', PIN);
      expect(result).toMatchObject({ status: 0, json: { civil_number: person.civil_number, assurance: 'high', signing_requests: true, device: { serial } } });
      upgraded = result.json;
      expect((await (await services.identity()).identities.find(person.civil_number))?.assurance).toBe('high');
      expect(await upgrades.status(begun.journeyId, person.civil_number)).toMatchObject({ status: 'completed', step: 'done' });

      // The wallet keeps the signing key sealed (no private key in the clear), and no journey token any more.
      const stored = JSON.parse(fs.readFileSync(path.join(home(person), 'wallet.json'), 'utf8'));
      expect(stored.signing).toMatchObject({ key: { format: 'theqa-wallet-key/2' }, certificate: upgraded.certificate });
      expect(stored.upgrade).toBeUndefined();
      expect(JSON.stringify(stored)).not.toMatch(/PRIVATE KEY/);

      const status = await wallet(person, 'status', '--pin', PIN);
      expect(status.status).toBe(0);
      expect(status.stdout).toMatch(/assurance\s+HIGH/);
      expect(status.stdout).toContain('signing requests available');
      const statusJson = await walletJson(person, 'status', '--pin', PIN);
      expect(statusJson.json).toMatchObject({ identity: { assurance: 'high' }, signing_requests: true });
      expect(statusJson.json.activity.map((a: { event: string }) => a.event)).toEqual(expect.arrayContaining(['upgrade.started', 'upgrade.claimed', 'upgrade.completed']));
    }, 120_000);

    itWithOpenssl('the signing certificate verifies with openssl through the Citizen Signing CA and is qualified', async () => {
      fs.writeFileSync(path.join(dir, 'signing.pem'), upgraded.certificate);
      fs.writeFileSync(path.join(dir, 'citizen-signing-ca.pem'), await text('/ca/certs/citizen-signing-ca.pem'));
      fs.writeFileSync(path.join(dir, 'root.pem'), await text('/ca/certs/theqa-root-ca.pem'));
      const verified = await run('openssl', ['verify', '-x509_strict', '-CAfile', 'root.pem', '-untrusted', 'citizen-signing-ca.pem', 'signing.pem'], dir);
      expect(verified.output).toContain('signing.pem: OK');
      const shown = (await run('openssl', ['x509', '-in', 'signing.pem', '-noout', '-text', '-nameopt', 'RFC2253'], dir)).output;
      expect(shown).toContain(`serialNumber=PNOOM-${person.civil_number}`);
      expect(shown).toMatch(/Key Usage: critical\s+Non Repudiation/);
      // id-pe-qcStatements with the ETSI statements: QcCompliance, QcSSCD, QcType esign, QcPDS.
      const asn1 = (await run('openssl', ['asn1parse', '-in', 'signing.pem'], dir)).output;
      expect(asn1).toMatch(/qcStatements|1\.3\.6\.1\.5\.5\.7\.1\.3/);
      const der = Buffer.from(upgraded.certificate.replace(/-----[A-Z ]+-----|\s+/g, ''), 'base64');
      for (const oid of ['0.4.0.1862.1.1', '0.4.0.1862.1.4', '0.4.0.1862.1.6', '0.4.0.1862.1.6.1', '0.4.0.1862.1.5']) expect({ oid, present: der.includes(encodeOid(oid)) }).toEqual({ oid, present: true });
      // Not the device's authentication certificate: another key, another CA.
      const device = JSON.parse(fs.readFileSync(path.join(home(person), 'wallet.json'), 'utf8'));
      fs.writeFileSync(path.join(dir, 'device.pem'), device.certificate);
      const keys = await Promise.all(['signing.pem', 'device.pem'].map(async (file) => (await run('openssl', ['x509', '-in', file, '-noout', '-pubkey'], dir)).output));
      expect(keys[0]).not.toBe(keys[1]);
      expect((await run('openssl', ['verify', '-x509_strict', '-CAfile', 'root.pem', '-untrusted', 'citizen-signing-ca.pem', 'device.pem'], dir)).output).not.toContain('device.pem: OK');
    });

    it('the wallet signs a relying party’s signing request', async () => {
      const clientId = `upgrade-test-${Date.now().toString(36)}`;
      const { client_secret: secret } = await cli(
        'rp', 'register', '--client-id', clientId, '--name-ar', 'جهة اختبار الترقية', '--name-en', 'Upgrade test service', '--redirect-uri', `http://127.0.0.1:9/${clientId}/callback`,
        '--claims', 'civil_number', '--purpose-ar', 'توقيع المستندات', '--purpose-en', 'Signing documents', '--auth', 'client_secret_basic',
      );
      const form = new FormData();
      for (const [name, value] of Object.entries({ civil_number: person.civil_number, document_name_ar: 'إقرار', document_name_en: 'Declaration', reason: 'Upgrade test' })) form.set(name, value);
      form.set('document', new Blob([new Uint8Array(await testPdf())], { type: 'application/pdf' }), 'document.pdf');
      const authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
      const created = await fetch(`${base}/sign/requests`, { method: 'POST', headers: { authorization }, body: form });
      expect(created.status).toBe(201);
      const { id, code } = (await created.json()) as { id: string; code: string };

      const listed = await walletJson(person, 'sign', '--pending', '--pin', PIN);
      expect(listed.json.requests).toEqual([expect.objectContaining({ id, code })]);
      const signed = await walletJson(person, 'sign', '--pending', '--code', code, '--pin', PIN);
      expect(signed).toMatchObject({ status: 0, json: { id, status: 'signed', signed_sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
      const state = await fetch(`${base}/sign/requests/${id}`, { headers: { authorization } });
      expect(await state.json()).toMatchObject({ id, status: 'signed' });
    }, 120_000);
  });

  it('a run that stops at a wrong SMS code is carried on by `wallet upgrade` alone; the portal then cannot begin another', async () => {
    const person = ordinary[117];
    const serial = await register(person);
    const begun = await upgrades.begin({ civilNumber: person.civil_number, device: serial });

    const stopped = await walletJson(person, 'upgrade', '--qr', begun.qrPayload, '--pin', PIN, '--otp', '000000');
    expect(stopped.status).toBe(1);
    expect(stopped.json.error).toMatchObject({ code: 'otp-wrong', attempts_left: 2 });
    expect(JSON.parse(fs.readFileSync(path.join(home(person), 'wallet.json'), 'utf8')).upgrade).toMatchObject({ journey_token: expect.any(String) });
    expect(await upgrades.begin({ civilNumber: person.civil_number, device: serial })).toMatchObject({ journeyId: begun.journeyId, step: 'otp', qrPayload: '', resumed: true });

    const again = await walletJson(person, 'upgrade', '--qr', begun.qrPayload, '--pin', PIN);
    expect(again.json.error.code).toBe('upgrade-code-used');
    // As a person reads it: carried on at the code (read from the outbox), not from the start.
    const carried = await wallet(person, 'upgrade', '--pin', PIN);
    expect(carried.status).toBe(0);
    expect(carried.stderr).toContain('carrying on the upgrade at step "otp"');
    expect(carried.stderr).not.toContain('face matched');
    expect(carried.stderr).toContain('terms 2026-01 accepted');
    expect(carried.stdout).toContain('assurance HIGH');
    expect(carried.stdout).toContain('signing requests are available');
    expect((await (await services.identity()).identities.find(person.civil_number))?.assurance).toBe('high');

    await expect(upgrades.begin({ civilNumber: person.civil_number, device: serial })).rejects.toMatchObject({ code: 'already-high' });
    const nothing = await walletJson(person, 'upgrade', '--pin', PIN);
    expect(nothing.json.error.code).toBe('no-upgrade-pending');
  }, 180_000);
});

/** A plain one-page document made by pdf-lib. */
async function testPdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  document.addPage([595, 842]).drawText('Theqa upgrade test', { x: 72, y: 760, size: 18, font });
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

/** An OBJECT IDENTIFIER's DER (tag, length, arcs in base 128). */
function encodeOid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [a * 40 + b];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let v = arc >> 7; v > 0; v >>= 7) groups.unshift((v & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return Buffer.from([0x06, bytes.length, ...bytes]);
}

/** A tool without blocking this process (the run's embedded database may be served from it). */
function run(command: string, args: string[], cwd: string): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    child.once('error', reject);
    child.once('exit', (status) => resolve({ status, output }));
  });
}
