import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import { createLogger } from '@theqa/http-shell';
import type { Upgrades } from '@theqa/identity';
import type { RegistryPerson } from '@theqa/integrations';
import { freePort, PlatformProcess, theqaAsync } from '@theqa/testing';
import { loadConfiguration } from '../../src/composition/configuration';
import { PlatformServices } from '../../src/composition/platform-services';

/**
 * The way out for a HIGH identity whose device lost its signing key, with the CLI wallet and the
 * platform as `npm start` runs it: upgraded to HIGH and signing, the wallet resets its PIN (which
 * drops the signing key sealed under the old unsealing secret), the platform unrecords that key and
 * revokes its certificate, so a relying party's request is refused (no signing key); the portal's side
 * (the composition root's Upgrades, as the portal calls it) offers that device the renewal, `npx theqa
 * wallet upgrade` carries it, and the wallet signs a PDF through the signing service again.
 */
const PIN = '583920';
const NEW_PIN = '609417';

describe('renewing the signing key: PIN reset in the CLI wallet, then the renewal, then signing again', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-renewal-cli-'));
  const registry = new SyntheticCivilRegistry();
  let platform: PlatformProcess;
  let services: PlatformServices;
  let upgrades: Upgrades;
  let env: NodeJS.ProcessEnv;
  let base = '';
  let authorization = '';

  // Ordinary person 47 is this suite's (EnrolmentHarness.persons).
  const named = new Set<string>(Object.values(TEST_PERSONS));
  const person: RegistryPerson = registry.listPersons().filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death)[47];
  const home = path.join(dir, 'wallet');
  const wallet = (...args: string[]) => theqaAsync(['wallet', '--home', home, ...args], env);
  const walletJson = async (...args: string[]) => {
    const result = await wallet(...args, '--json');
    return { status: result.status, json: JSON.parse(result.stdout || '{}'), stderr: result.stderr };
  };
  const cli = async (...args: string[]) => {
    const result = await theqaAsync([...args, '--json'], env);
    if (result.status !== 0) throw new Error(`theqa ${args.join(' ')} failed (${result.status}): ${result.stdout}${result.stderr}`);
    return JSON.parse(result.stdout);
  };
  const certificateRow = async (serial: string) =>
    (await services.database.dataSource.query(`SELECT status, revocation_reason FROM ca_certificate WHERE serial_hex = $1`, [serial.toUpperCase()]))[0];
  const requestSignature = () => {
    const form = new FormData();
    for (const [name, value] of Object.entries({ civil_number: person.civil_number, document_name_ar: 'إقرار', document_name_en: 'Declaration', reason: 'Renewal test' })) form.set(name, value);
    return testPdf().then((pdf) => {
      form.set('document', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'document.pdf');
      return fetch(`${base}/sign/requests`, { method: 'POST', headers: { authorization }, body: form });
    });
  };
  const signPending = async (pin: string) => {
    const created = await requestSignature();
    expect(created.status).toBe(201);
    const { id, code } = (await created.json()) as { id: string; code: string };
    const signed = await walletJson('sign', '--pending', '--code', code, '--pin', pin);
    expect(signed).toMatchObject({ status: 0, json: { id, status: 'signed' } });
    const document = await fetch(`${base}/sign/requests/${id}/document`, { headers: { authorization } });
    expect(document.status).toBe(200);
    return { id, signed: Buffer.from(await document.arrayBuffer()) };
  };

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = { ...process.env, PUBLIC_BASE_URL: base, THEQA_URL: base, THEQA_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'warn' };
    delete env.THEQA_WALLET_PIN;
    platform = new PlatformProcess(port, env);
    await platform.start();
    const logger = createLogger({ level: 'error', destination: new Writable({ write: (_chunk, _enc, done) => done() }) });
    services = await PlatformServices.open(loadConfiguration(env), { logger, actor: 'test-portal', applicationName: 'theqa-test-portal', poolSize: 2 });
    upgrades = (await services.identity()).upgrades;
    const clientId = `renewal-test-${Date.now().toString(36)}`;
    const { client_secret: secret } = await cli(
      'rp', 'register', '--client-id', clientId, '--name-ar', 'جهة اختبار التجديد', '--name-en', 'Renewal test service', '--redirect-uri', `http://127.0.0.1:9/${clientId}/callback`,
      '--claims', 'civil_number', '--purpose-ar', 'توقيع المستندات', '--purpose-en', 'Signing documents', '--auth', 'client_secret_basic',
    );
    authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  }, 180_000);

  afterAll(async () => {
    await services?.close();
    await platform?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a HIGH identity whose CLI wallet reset its PIN can no longer sign, renews the key on that device, and signs again', async () => {
    const registered = await walletJson('register', '--civil-number', person.civil_number, '--email', 'person@example.com', '--phone', person.phone_number, '--pin', PIN);
    expect(registered).toMatchObject({ status: 0, json: { assurance: 'medium' } });
    const serial = registered.json.device.serial as string;
    const first = await walletJson('upgrade', '--qr', (await upgrades.begin({ civilNumber: person.civil_number, device: serial })).qrPayload, '--pin', PIN);
    expect(first).toMatchObject({ status: 0, json: { assurance: 'high', purpose: 'upgrade' } });
    const oldCertificate = first.json.certificate_serial as string;
    expect(await upgrades.deviceSigningKeys(person.civil_number)).toEqual([expect.objectContaining({ signingKey: 'usable' })]);
    await expect(upgrades.begin({ civilNumber: person.civil_number, device: serial })).rejects.toMatchObject({ code: 'already-high' });
    await signPending(PIN);

    // The PIN reset: the signing key goes with the old unsealing secret, and the platform knows it.
    const reset = await wallet('pin', 'reset', '--new-pin', NEW_PIN);
    expect(reset.status).toBe(0);
    expect(reset.stderr).toContain('renew it in the self-service portal');
    expect(JSON.parse(fs.readFileSync(path.join(home, 'wallet.json'), 'utf8')).signing).toBeUndefined();
    expect(await upgrades.deviceSigningKeys(person.civil_number)).toEqual([expect.objectContaining({ signingKey: 'missing' })]);
    expect(await certificateRow(oldCertificate)).toEqual({ status: 'revoked', revocation_reason: 5 }); // cessationOfOperation
    const refused = await requestSignature();
    expect(refused.status).toBe(403);
    expect((await refused.json()).code).toBe('signer-no-signing-key');
    const status = await wallet('status', '--pin', NEW_PIN);
    expect(status.stdout).toContain('no signing key on this device: renew it in the self-service portal');

    // The portal offers the device the renewal; the wallet carries it with the same command.
    const begun = await upgrades.begin({ civilNumber: person.civil_number, device: serial });
    expect(begun).toMatchObject({ renewal: true, step: 'scan', device: serial });
    const renewed = await wallet('upgrade', '--qr', begun.qrPayload, '--pin', NEW_PIN);
    expect(renewed.status).toBe(0);
    expect(renewed.stderr).toContain('renewal of the signing key taken up on this device');
    expect(renewed.stdout).toContain('signing key renewed');
    expect(await upgrades.status(begun.journeyId, person.civil_number)).toMatchObject({ status: 'completed', renewal: true, next: { en: expect.stringContaining('sign again') } });
    const stored = JSON.parse(fs.readFileSync(path.join(home, 'wallet.json'), 'utf8'));
    expect(stored.signing).toMatchObject({ key: { format: 'theqa-wallet-key/2' } });
    expect(await upgrades.deviceSigningKeys(person.civil_number)).toEqual([expect.objectContaining({ signingKey: 'usable' })]);

    const activity = await (await services.identity()).activity.list(person.civil_number, { limit: 50 });
    const dropped = activity.find((e) => e.event === 'signing-key.dropped');
    expect(dropped).toMatchObject({ device: serial, details: { certificate: oldCertificate, revoked: true } });
    const renewal = activity.find((e) => e.event === 'signing-key.renewed');
    expect(renewal).toMatchObject({ device: serial, details: { certificate: expect.any(String) } });
    expect(activity.find((e) => e.event === 'upgrade.started')?.details).toMatchObject({ renewal: true });
    // The audit log has both, as every security event.
    const audited = await services.database.dataSource.query(`SELECT action FROM audit_log WHERE action IN ('signing-key.dropped', 'signing-key.renewed') AND details LIKE $1`, [`%${serial}%`]);
    expect(audited.map((r: { action: string }) => r.action).sort()).toEqual(['signing-key.dropped', 'signing-key.renewed']);

    // Signing again, with the new key: the signed PDF carries the new certificate.
    const again = await signPending(NEW_PIN);
    expect(again.signed.subarray(0, 5).toString()).toBe('%PDF-');
    const newCertificate = Buffer.from((stored.signing.certificate as string).replace(/-----[A-Z ]+-----|\s+/g, ''), 'base64');
    const oldDer = Buffer.from((first.json.certificate as string).replace(/-----[A-Z ]+-----|\s+/g, ''), 'base64');
    expect(again.signed.includes(newCertificate)).toBe(true);
    expect(again.signed.includes(oldDer)).toBe(false);
  }, 240_000);
});

/** A plain one-page document made by pdf-lib. */
async function testPdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  document.addPage([595, 842]).drawText('Theqa renewal test', { x: 72, y: 760, size: 18, font });
  return Buffer.from(await document.save({ useObjectStreams: false }));
}
