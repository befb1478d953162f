import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_PERSONS } from '@theqa/dev-standins';
import { freePort, PlatformProcess, theqa, toolIsAvailable } from '@theqa/testing';

/**
 * The first acceptance: the CLI wallet registers a registry person end to end against the
 * running platform (started as `npm start` starts it), and the device then holds a certificate that
 * openssl verifies up to the root, with PNOOM-<civil number>; the identity reports MEDIUM. Then the
 * lifecycle commands: devices, PIN change, PIN reset, and the registry's SMS outbox; and the server's
 * hold on the PIN (docs/security/pin.md): every PIN typed into the CLI, or tried with a copy of its
 * folder, is checked and counted by the server.
 */
const itWithOpenssl = toolIsAvailable('openssl') ? it : it.skip;

describe('the wallet CLI against a running platform', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-wallet-cli-'));
  const home = path.join(dir, 'phone');
  const civilNumber = TEST_PERSONS.demo;
  let platform: PlatformProcess;
  let env: NodeJS.ProcessEnv;

  const wallet = (...args: string[]) => theqa(['wallet', '--home', home, ...args], env);
  const walletJson = (...args: string[]) => {
    const result = wallet(...args, '--json');
    if (result.status !== 0) throw new Error(`theqa wallet ${args.join(' ')} failed (${result.status}): ${result.stdout}${result.stderr}`);
    return JSON.parse(result.stdout);
  };

  beforeAll(async () => {
    const port = await freePort();
    env = { ...process.env, THEQA_DATA_DIR: path.join(dir, 'data'), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn', THEQA_URL: `http://127.0.0.1:${port}` };
    if (process.env.THEQA_TEST_DATABASE !== 'server') delete env.DATABASE_URL;
    delete env.THEQA_WALLET_PIN;
    platform = new PlatformProcess(port, env);
    await platform.start();
  });
  afterAll(async () => {
    await platform?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('registers the demo person: MEDIUM, a device key and certificate kept in the wallet', async () => {
    const trivial = wallet('register', '--civil-number', civilNumber, '--email', 'salim.alharthy@example.com', '--phone', '+96891234567', '--pin', '123456', '--json');
    expect(trivial.status).toBe(1);
    expect(JSON.parse(trivial.stdout).error.code).toBe('pin-trivial');

    const registered = walletJson('register', '--civil-number', civilNumber, '--email', 'salim.alharthy@example.com', '--phone', '+96891234567', '--pin', '583920');
    expect(registered).toMatchObject({ civil_number: civilNumber, assurance: 'medium', device: { serial: expect.stringMatching(/^THQ-/), platform: 'cli' } });

    const stored = JSON.parse(fs.readFileSync(path.join(home, 'wallet.json'), 'utf8'));
    expect(fs.statSync(path.join(home, 'wallet.json')).mode & 0o077).toBe(0);
    expect(JSON.stringify(stored)).not.toContain('583920');
    expect(JSON.stringify(stored)).not.toMatch(/PRIVATE KEY/);
    expect(stored.certificate).toContain('BEGIN CERTIFICATE');
    // The device key sealed under a secret of the server's, not under the PIN (no scrypt, nothing of the PIN).
    expect(stored).toMatchObject({ format: 'theqa-wallet/2', key: { format: 'theqa-wallet-key/2', kdf: { name: 'hkdf-sha256' } }, unseal_key: expect.any(String) });

    const status = walletJson('status', '--pin', '583920');
    expect(status.identity).toMatchObject({ civil_number: civilNumber, assurance: 'medium', pin: 'active' });
    expect(status.activity.map((a: { event: string }) => a.event)).toEqual(expect.arrayContaining(['enrolment.completed', 'device.added']));
    expect(walletJson('devices', '--pin', '583920').devices).toEqual([expect.objectContaining({ serial: registered.device.serial, status: 'active' })]);
  });

  itWithOpenssl('the device certificate verifies with openssl up to the root, with PNOOM-<civil number>', async () => {
    const stored = JSON.parse(fs.readFileSync(path.join(home, 'wallet.json'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'device.pem'), stored.certificate);
    fs.writeFileSync(path.join(dir, 'issuer.pem'), stored.chain[0]);
    const root = await fetch(`${platform.url}/ca/certs/theqa-root-ca.pem`);
    fs.writeFileSync(path.join(dir, 'root.pem'), await root.text());
    expect(execFileSync('openssl', ['verify', '-x509_strict', '-CAfile', 'root.pem', '-untrusted', 'issuer.pem', 'device.pem'], { cwd: dir }).toString()).toContain('device.pem: OK');
    expect(execFileSync('openssl', ['x509', '-in', 'device.pem', '-noout', '-subject', '-nameopt', 'RFC2253'], { cwd: dir }).toString()).toContain(`serialNumber=PNOOM-${civilNumber}`);
  });

  it('the SMS code is in the registry outbox for the phone on record', () => {
    const result = theqa(['registry', 'sms', '--phone', '+96891234567', '--json'], env);
    expect(result.status).toBe(0);
    const { messages } = JSON.parse(result.stdout);
    expect(messages.some((m: { purpose: string; text: string }) => m.purpose === 'enrolment-otp' && /\b\d{6}\b/.test(m.text))).toBe(true);
  });

  it('changes the PIN: the folder does not change (nothing in it depends on the PIN); the server refuses the old PIN and counts it', () => {
    const before = fs.readFileSync(path.join(home, 'wallet.json'));
    expect(walletJson('pin', 'change', '--pin', '583920', '--new-pin', '749301')).toMatchObject({ changed: true });
    expect(fs.readFileSync(path.join(home, 'wallet.json')).equals(before)).toBe(true);
    const old = wallet('status', '--pin', '583920', '--json');
    expect(old.status).toBe(1);
    expect(JSON.parse(old.stdout).error).toMatchObject({ code: 'pin-wrong', attempts_left: 2 });
    expect(walletJson('status', '--pin', '749301').identity).toMatchObject({ pin: 'active', pin_failures: 0 });
    const { notifications } = walletJson('notifications', '--pin', '749301');
    expect(notifications.map((n: { payload: { data: { event: string } } }) => n.payload.data.event)).toEqual(expect.arrayContaining(['device.added', 'pin.changed']));
  });

  it('a copied wallet folder cannot be opened without the server, and every PIN tried with it is counted there', () => {
    const copy = path.join(dir, 'copied');
    fs.cpSync(home, copy, { recursive: true });
    const offline = theqa(['wallet', '--home', copy, '--server', 'http://127.0.0.1:9', 'status', '--pin', '749301', '--json'], env);
    expect(offline.status).toBe(1);
    expect(JSON.parse(offline.stdout).error.code).toBe('unreachable');
    const guessed = theqa(['wallet', '--home', copy, 'status', '--pin', '111970', '--json'], env);
    expect(JSON.parse(guessed.stdout).error).toMatchObject({ code: 'pin-wrong', attempts_left: 2 });
    // The phone's own next attempt sees the copy's guess in the count.
    const next = wallet('status', '--pin', '111971', '--json');
    expect(JSON.parse(next.stdout).error).toMatchObject({ code: 'pin-wrong', attempts_left: 1 });
    expect(walletJson('status', '--pin', '749301').identity.pin_failures).toBe(0);
  });

  it('three wrong PINs typed into the CLI block the PIN: the right one is then refused too, by the server', () => {
    const attempt = (pin: string) => JSON.parse(wallet('status', '--pin', pin, '--json').stdout).error;
    expect(attempt('510293')).toMatchObject({ code: 'pin-wrong', attempts_left: 2 });
    expect(attempt('510294')).toMatchObject({ code: 'pin-wrong', attempts_left: 1 });
    expect(attempt('510295')).toMatchObject({ code: 'pin-blocked', message: expect.stringContaining('محظور') });
    expect(attempt('749301').code).toBe('pin-blocked');
    expect(JSON.parse(wallet('notifications', '--pin', '749301', '--json').stdout).error.code).toBe('pin-blocked');
  });

  it('a folder of the old format (key sealed under the PIN alone) is refused with the way out; a PIN reset unblocks and moves it to the new format', () => {
    const current = JSON.parse(fs.readFileSync(path.join(home, 'wallet.json'), 'utf8'));
    const { unseal_key: _unsealKey, ...rest } = current;
    const legacy = { ...rest, format: 'theqa-wallet/1', key: { format: 'theqa-wallet-key/1', kdf: { name: 'scrypt', N: 32768, r: 8, p: 1, salt: 'AAAAAAAAAAAAAAAAAAAAAA==' }, iv: 'AAAAAAAAAAAAAAAA', ciphertext: 'AAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==' } };
    fs.writeFileSync(path.join(home, 'wallet.json'), JSON.stringify(legacy), { mode: 0o600 });
    const refused = JSON.parse(wallet('status', '--pin', '749301', '--json').stdout).error;
    expect(refused.code).toBe('wallet-outdated');
    expect(refused.message).toContain('pin reset');

    expect(walletJson('pin', 'reset', '--new-pin', '802716')).toMatchObject({ reset: true });
    const after = JSON.parse(fs.readFileSync(path.join(home, 'wallet.json'), 'utf8'));
    expect(after).toMatchObject({ format: 'theqa-wallet/2', key: { format: 'theqa-wallet-key/2' } });
    expect(after.certificate).not.toBe(current.certificate);
    expect(after.unseal_key).not.toBe(current.unseal_key);
    expect(walletJson('status', '--pin', '802716').identity).toMatchObject({ assurance: 'medium', pin: 'active', pin_failures: 0 });
    // The copy made before the reset holds the old keys: the server no longer answers them.
    const stale = theqa(['wallet', '--home', path.join(dir, 'copied'), 'status', '--pin', '802716', '--json'], env);
    expect(JSON.parse(stale.stdout).error.code).toBe('answer-invalid');
  });

  it('refuses clearly: no wallet, a wrong SMS code given on the command line', () => {
    const missing = theqa(['wallet', '--home', path.join(dir, 'nobody'), 'status', '--pin', '583920', '--json'], env);
    expect(JSON.parse(missing.stdout).error.code).toBe('wallet-missing');
    const other = theqa(
      ['wallet', '--home', path.join(dir, 'second'), 'register', '--civil-number', TEST_PERSONS.doctor, '--email', 'm@example.com', '--phone', '+96891000008', '--pin', '583920', '--otp', '000000', '--json'],
      env,
    );
    expect(other.status).toBe(1);
    const error = JSON.parse(other.stdout).error;
    expect(error.code).toBe('otp-wrong');
    expect(error.message).toContain('رمز التحقق غير صحيح');
    expect(fs.existsSync(path.join(dir, 'second', 'wallet.json'))).toBe(false);
  });
});
