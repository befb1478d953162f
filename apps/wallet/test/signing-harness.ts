import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import type { RegistryPerson } from '@theqa/integrations';
import { createDataSource, PostgresDeviceSigningKeys } from '@theqa/persistence';
import { freePort, pemToDer, PlatformProcess, theqaAsync } from '@theqa/testing';
import { PlatformClient } from '../src/cli/platform-client';
import { register } from '../src/cli/register';
import { addSigningKey } from '../src/cli/signing-key';
import { WalletHome, type WalletState } from '../src/cli/wallet-home';

/** A relying party of the signing API: how it authenticates, as registered with `theqa rp register`. */
export interface SigningRelyingParty {
  clientId: string;
  name: { ar: string; en: string };
  /** The Authorization header of one call (a private_key_jwt assertion is new each time: used once). */
  authorization(): Promise<string>;
}

export interface WalletPerson {
  person: RegistryPerson;
  home: string;
  pin: string;
  wallet: WalletState;
}

/**
 * The signing service as `npm start` runs it (one platform process, the test run's database and CA),
 * relying parties registered with the operators' CLI, and citizens' CLI wallets. `giveSigningCertificate`
 * is a shortcut past the upgrade to HIGH (which apps/platform/test/upgrade drives for real): the wallet
 * makes and seals a signing key, the platform's CA issues a qualified signing certificate for it (`theqa
 * ca issue --profile qualified-signing`), and the key is recorded for the device with the identity at HIGH.
 */
export class SigningHarness {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-signing-'));
  readonly registry = new SyntheticCivilRegistry();
  platform!: PlatformProcess;
  base = '';
  env: NodeJS.ProcessEnv = {};
  dataSource!: DataSource;

  /** Starts the platform; `extra` adds to its environment (the portal's suite gives it a client id of its own). */
  async open(extra: NodeJS.ProcessEnv = {}): Promise<void> {
    const port = await freePort();
    this.base = `http://127.0.0.1:${port}`;
    this.env = { ...process.env, PUBLIC_BASE_URL: this.base, THEQA_URL: this.base, THEQA_DATA_DIR: path.join(this.dir, 'data'), LOG_LEVEL: 'warn', THEQA_SIGNING_MAX_MB: '1', ...extra };
    delete this.env.THEQA_WALLET_PIN;
    this.platform = new PlatformProcess(port, this.env);
    await this.platform.start();
    this.dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 4 });
    await this.dataSource.initialize();
  }

  async close(): Promise<void> {
    await this.platform?.stop();
    if (process.env.THEQA_DEBUG_PLATFORM_LOG) fs.writeFileSync(process.env.THEQA_DEBUG_PLATFORM_LOG, this.platform?.output.join('') ?? '');
    await this.dataSource?.destroy();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * Ordinary registry person `index` (EnrolmentHarness.persons has who takes which; the CLI's signing
   * suite has 44 and 45, the web wallet's 23).
   */
  person(index: number): RegistryPerson {
    const named = new Set<string>(Object.values(TEST_PERSONS));
    return this.registry.listPersons().filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death)[index];
  }

  client(): PlatformClient {
    return new PlatformClient(this.base);
  }

  /**
   * `npx theqa …` on the test's platform (its database and CA), --json, failing loudly. Never a
   * synchronous child: the run's embedded database may be served from this very process.
   */
  async cli(...args: string[]): Promise<any> {
    const result = await theqaAsync([...args, '--json'], this.env);
    if (result.status !== 0) throw new Error(`theqa ${args.join(' ')} failed (${result.status}): ${result.stdout}${result.stderr}`);
    return JSON.parse(result.stdout);
  }

  /** `npx theqa wallet --home HOME …` as a person types it: status and output. */
  wallet(home: string, ...args: string[]) {
    return theqaAsync(['wallet', '--home', home, ...args], this.env);
  }

  /** A registered person with a CLI wallet of their own (MEDIUM). */
  async registered(person: RegistryPerson, pin = '583920'): Promise<WalletPerson> {
    const home = path.join(this.dir, `wallet-${person.civil_number}`);
    await register(this.client(), new WalletHome(home), { civilNumber: person.civil_number, email: 'person@example.com', phone: person.phone_number, pin }, () => undefined);
    return { person, home, pin, wallet: await new WalletHome(home).read() };
  }

  /** The upgrade to HIGH's outcome without its journey: a signing key on the device and a qualified certificate for it. */
  async giveSigningCertificate(someone: WalletPerson): Promise<{ serial: string; certificatePem: string }> {
    let issued: { serial: string; pem: string } | undefined;
    const wallet = await addSigningKey(this.client(), new WalletHome(someone.home), someone.pin, async ({ csr, spki, device, civilNumber }) => {
      const csrFile = path.join(this.dir, `${device}-signing.csr`);
      fs.writeFileSync(csrFile, csr);
      issued = await this.cli('ca', 'issue', '--profile', 'qualified-signing', '--csr', csrFile, '--civil-number', civilNumber);
      await new PostgresDeviceSigningKeys(this.dataSource).record({ device, publicKeySpki: spki, certificateSerial: issued!.serial, certificate: pemToDer(issued!.pem) }, new Date());
      await this.dataSource.query(`UPDATE identity SET assurance = 'high' WHERE civil_number = $1`, [civilNumber]);
      return { certificate: issued!.pem, chain: [await this.text('/ca/certs/citizen-signing-ca.pem'), await this.text('/ca/certs/theqa-root-ca.pem')] };
    });
    someone.wallet = wallet;
    return { serial: issued!.serial, certificatePem: issued!.pem };
  }

  /** A relying party registered with `theqa rp register`: client_secret_basic, or private_key_jwt with a key of the test's. */
  async registerRelyingParty(method: 'client_secret_basic' | 'private_key_jwt'): Promise<SigningRelyingParty> {
    const clientId = `sign-test-${randomBytes(5).toString('hex')}`;
    const name = { ar: `جهة التوقيع ${clientId.slice(-4)}`, en: `Signing test ${clientId.slice(-4)}` };
    const args = ['rp', 'register', '--client-id', clientId, '--name-ar', name.ar, '--name-en', name.en, '--redirect-uri', `http://127.0.0.1:9/${clientId}/callback`];
    args.push('--claims', 'civil_number', '--purpose-ar', 'توقيع المستندات', '--purpose-en', 'Signing documents', '--auth', method);
    if (method === 'client_secret_basic') {
      const { client_secret: secret } = await this.cli(...args);
      const basic = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
      return { clientId, name, authorization: async () => basic };
    }
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const kid = `k-${clientId}`;
    const jwks = path.join(this.dir, `${clientId}.jwks.json`);
    fs.writeFileSync(jwks, JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'ES256' }] }));
    await this.cli(...args, '--jwks', jwks);
    return { clientId, name, authorization: async () => `Bearer ${clientAssertion(clientId, kid, privateKey, `${this.base}/sign`)}` };
  }

  async text(urlPath: string): Promise<string> {
    const response = await fetch(`${this.base}${urlPath}`);
    if (!response.ok) throw new Error(`GET ${urlPath}: ${response.status}`);
    return response.text();
  }

  /** POST /sign/requests as a relying party: multipart/form-data with the PDF in the `document` part. */
  async createRequest(rp: SigningRelyingParty, fields: Record<string, string>, document: Buffer | undefined = undefined, authorization?: string): Promise<{ status: number; body: any; type: string | null }> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    if (document) form.set('document', new Blob([new Uint8Array(document)], { type: 'application/pdf' }), 'document.pdf');
    const response = await fetch(`${this.base}/sign/requests`, { method: 'POST', headers: { authorization: authorization ?? (await rp.authorization()) }, body: form });
    return { status: response.status, body: await response.json().catch(() => undefined), type: response.headers.get('content-type') };
  }

  async status(rp: SigningRelyingParty, id: string): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.base}/sign/requests/${id}`, { headers: { authorization: await rp.authorization() } });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  }

  async download(rp: SigningRelyingParty, id: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
    const response = await fetch(`${this.base}/sign/requests/${id}/document`, { headers: { authorization: await rp.authorization() } });
    return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
  }
}

/** An RFC 7523 client assertion: iss = sub = the client, aud the signing API, five minutes at most, a fresh jti. */
export function clientAssertion(clientId: string, kid: string, key: KeyObject, audience: string, claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg: 'ES256', typ: 'JWT', kid })}.${encode({ iss: clientId, sub: clientId, aud: audience, iat: now, exp: now + 120, jti: randomBytes(16).toString('base64url'), ...claims })}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

/** A relying party's webhook endpoint on loopback: every POST's body and content type. */
export async function webhookReceiver(): Promise<{ url: string; received: Array<{ type: string | undefined; body: string }>; close(): Promise<void> }> {
  const received: Array<{ type: string | undefined; body: string }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ type: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/signing`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
