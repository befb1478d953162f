import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { openKeyStore } from '@theqa/keys';
import { createDataSource } from '@theqa/persistence';
import { CLIENT_SECRET_MAC_LABEL, clientSecretOf } from '@theqa/relying-parties';
import { productionVariables, testInstallation, WORKSPACE_ROOT } from '@theqa/testing';

/**
 * `npx theqa …` as a child process, without blocking: when Jest runs this file alone (in band), the
 * embedded database is served from this very process, and a synchronous spawn would starve it.
 */
function theqa(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['tools/bin/theqa.cjs', ...args], { cwd: WORKSPACE_ROOT, env, timeout: 120_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** `npx theqa rp register | list | show | disable | rotate-secret` on the test run's database (client ids unique per run: the database is shared). */
describe('the relying-party commands', () => {
  let dataSource: DataSource;
  let dir: string;
  const env = { ...process.env, THEQA_ENV: 'development' };
  const id = (what: string) => `e2e-${what}-${randomBytes(4).toString('hex')}`;
  const json = (result: { stdout: string }) => JSON.parse(result.stdout);

  const writeJson = (name: string, value: unknown) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify(value));
    return file;
  };
  const ecKeys = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });

  const base = (clientId: string) => [
    'rp', 'register', '--client-id', clientId,
    '--name-ar', 'استثمر بسهولة', '--name-en', 'Invest Easy',
    '--redirect-uri', 'https://invest.example.om/callback', '--redirect-uri', 'https://invest.example.om/callback2',
    '--post-logout-redirect-uri', 'https://invest.example.om/',
    '--claims', 'full_name_en,civil_number',
    '--purpose-ar', 'فتح سجل تجاري', '--purpose-en', 'Opening a commercial registration',
  ];
  let jwksFile: string;

  beforeAll(async () => {
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 2 });
    await dataSource.initialize();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-rp-e2e-'));
    jwksFile = writeJson('jwks.json', { keys: [{ ...ecKeys().publicKey.export({ format: 'jwk' }), kid: 'invest-1', use: 'sig' }] });
  });
  afterAll(async () => {
    await dataSource.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const listedIds = async () => {
    const listed = await theqa(['rp', 'list', '--json'], env);
    expect(listed.status).toBe(0);
    return json(listed).relying_parties.map((rp: { client_id: string }) => rp.client_id) as string[];
  };

  it('register (private_key_jwt), list, show, disable once, with --json and the audit trail', async () => {
    const clientId = id('keys');
    const registered = await theqa([...base(clientId), '--auth', 'private_key_jwt', '--jwks', jwksFile, '--acr', 'high', '--ciba', '--require-par', '--json'], env);
    expect(registered.stderr).toBe('');
    expect(registered.status).toBe(0);
    expect(json(registered)).toMatchObject({
      client_id: clientId,
      status: 'active',
      name: { ar: 'استثمر بسهولة', en: 'Invest Easy' },
      redirect_uris: ['https://invest.example.om/callback', 'https://invest.example.om/callback2'],
      sector_host: 'invest.example.om',
      claims: ['civil_number', 'full_name_en'],
      acr_values: ['urn:theqa:loa:high'],
      auth_method: 'private_key_jwt',
      jwks: { keys: [expect.objectContaining({ kid: 'invest-1', kty: 'EC' })] },
      secret_generation: null,
      ciba: true,
      require_pushed_authorization_requests: true,
    });
    expect(json(registered)).not.toHaveProperty('client_secret');

    expect(await listedIds()).toContain(clientId);
    const text = await theqa(['rp', 'list'], env);
    expect(text.stdout).toMatch(new RegExp(`${clientId}\\s+active\\s+Invest Easy — استثمر بسهولة`));

    const shown = await theqa(['rp', 'show', '--client-id', clientId, '--json'], env);
    expect(shown.status).toBe(0);
    expect(json(shown)).toEqual(json(registered));
    const described = (await theqa(['rp', 'show', '--client-id', clientId], env)).stdout;
    expect(described).toContain('Opening a commercial registration');
    expect(described).toMatch(/^PAR\s+required$/m);

    const disabled = await theqa(['rp', 'disable', '--client-id', clientId, '--json'], env);
    expect(disabled.status).toBe(0);
    expect(json(disabled)).toMatchObject({ status: 'disabled', disabled_at: expect.any(String) });
    const again = await theqa(['rp', 'disable', '--client-id', clientId], env);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(new RegExp(`${clientId} was already disabled on \\d{4}-`));
    const againJson = await theqa(['rp', 'disable', '--client-id', clientId, '--json'], env);
    expect(againJson.status).toBe(1);
    expect(json(againJson).error.code).toBe('rp-disabled');
    const unknown = await theqa(['rp', 'show', '--client-id', id('nobody'), '--json'], env);
    expect(unknown.status).toBe(1);
    expect(json(unknown).error.code).toBe('rp-unknown');

    const audit = await dataSource.query(`SELECT action, actor FROM audit_log WHERE subject = $1 ORDER BY seq`, [clientId]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['rp.registered', 'rp.disabled']);
    expect(audit[0].actor).toMatch(/^cli:/);
  });

  it('register (client_secret_basic) prints the secret once; it is derived from the CA key store and rotates by generation', async () => {
    const clientId = id('secret');
    const registered = await theqa([...base(clientId), '--auth', 'client_secret_basic'], env);
    expect(registered.stderr).toBe('');
    expect(registered.status).toBe(0);
    expect(registered.stdout).toContain(`registered ${clientId}: Invest Easy — استثمر بسهولة`);
    const secret = /client secret \(shown once[^:]*: ([A-Za-z0-9_-]{43})$/m.exec(registered.stdout)?.[1];
    expect(secret).toBeDefined();

    const shown = await theqa(['rp', 'show', '--client-id', clientId, '--json'], env);
    expect(json(shown)).toMatchObject({ auth_method: 'client_secret_basic', secret_generation: 1, jwks: null, require_pushed_authorization_requests: false });
    expect(shown.stdout).not.toContain(secret);
    const [row] = await dataSource.query(`SELECT * FROM relying_party WHERE client_id = $1`, [clientId]);
    expect(JSON.stringify(row)).not.toContain(secret);

    const rotated = await theqa(['rp', 'rotate-secret', '--client-id', clientId, '--json'], env);
    expect(rotated.status).toBe(0);
    expect(json(rotated)).toMatchObject({ secret_generation: 2, client_secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(json(rotated).client_secret).not.toBe(secret);

    // The gateway recomputes the same secret from the same key store.
    const keyStore = await openKeyStore(testInstallation().keyStore);
    try {
      const mac = await keyStore.macKey(CLIENT_SECRET_MAC_LABEL);
      await expect(clientSecretOf(mac, { clientId, authMethod: 'client_secret_basic', secretGeneration: 1 })).resolves.toBe(secret);
      await expect(clientSecretOf(mac, { clientId, authMethod: 'client_secret_basic', secretGeneration: 2 })).resolves.toBe(json(rotated).client_secret);
    } finally {
      await keyStore.close();
    }
    const audit = await dataSource.query(`SELECT action, details FROM audit_log WHERE subject = $1 ORDER BY seq`, [clientId]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['rp.registered', 'rp.secret-rotated']);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('refuses bad input with a clear message and exit code 2, registering nothing', async () => {
    const privateKeyFile = writeJson('private.json', { keys: [{ ...ecKeys().privateKey.export({ format: 'jwk' }), kid: 'oops' }] });
    const weakRsaFile = writeJson('rsa1024.json', { ...generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' }), kid: 'weak' });
    const notJson = path.join(dir, 'not.json');
    fs.writeFileSync(notJson, 'not json');
    const withKeys = ['--auth', 'private_key_jwt', '--jwks', jwksFile];
    const cases: Array<{ args: (clientId: string) => string[]; message: RegExp; env?: NodeJS.ProcessEnv }> = [
      { args: (c) => [...base(c), '--redirect-uri', 'http://invest.example.om/cb', ...withKeys], message: /--redirect-uri #3: .*must use https/ },
      { args: (c) => [...base(c), '--redirect-uri', 'https://other.example.com/cb', ...withKeys], message: /--redirect-uri: all redirect URIs must be on one host/ },
      { args: (c) => [...base(c), '--redirect-uri', 'https://invest.example.om/cb#frag', ...withKeys], message: /--redirect-uri #3: .*fragment/ },
      { args: (c) => [...base(c).filter((a) => !a.startsWith('https://invest.example.om/callback') && a !== '--redirect-uri'), '--redirect-uri', 'http://127.0.0.1:8090/callback', ...withKeys], message: /--redirect-uri #1: .*only in development/, env: { ...env, ...productionVariables() } },
      { args: (c) => [...base(c), '--auth', 'private_key_jwt', '--jwks', privateKeyFile], message: /--jwks key #1: is a private or secret key \(has d\)/ },
      { args: (c) => [...base(c), '--auth', 'private_key_jwt', '--jwks', weakRsaFile], message: /--jwks key #1: RSA key of 1024 bits/ },
      { args: (c) => [...base(c), '--auth', 'private_key_jwt'], message: /--jwks: private_key_jwt needs the public keys/ },
      { args: (c) => [...base(c), '--auth', 'client_secret_basic', '--jwks', jwksFile], message: /--jwks: keys are only for private_key_jwt/ },
      { args: (c) => [...base(c), '--auth', 'password'], message: /--auth: "password" is not accepted/ },
      { args: (c) => [...base(c), ...withKeys, '--jwks-uri', 'https://invest.example.om/jwks.json'], message: /--jwks-uri: give either the keys \(jwks\) or their URL \(jwksUri\), not both/ },
      { args: (c) => [...base(c), '--auth', 'private_key_jwt', '--jwks-uri', 'http://keys.invest.example.om/jwks.json'], message: /--jwks-uri: .*must use https/ },
      { args: (c) => [...base(c), '--auth', 'private_key_jwt', '--jwks-uri', 'http://127.0.0.1:9000/jwks.json'], message: /--jwks-uri: .*only in development/, env: { ...env, ...productionVariables() } },
      { args: (c) => [...base(c), '--auth', 'client_secret_basic', '--jwks-uri', 'https://invest.example.om/jwks.json'], message: /--jwks-uri: a JWKS URI is only for private_key_jwt/ },
      { args: (c) => [...base(c), ...withKeys, '--claims', 'civil_number,mobile_number'], message: /--claims: unknown claims: mobile_number/ },
      { args: (c) => [...base(c), ...withKeys, '--acr', 'low'], message: /--acr: "low" is not an assurance level/ },
      { args: (c) => [...base(c), ...withKeys, '--purpose-en', ' '], message: /--purpose-ar\/-en: the purpose is required/ },
      { args: (c) => [...base(c), ...withKeys, '--name-en', ''], message: /--name-en: is required/ },
      { args: (c) => [...base(c), '--auth', 'private_key_jwt', '--jwks', path.join(dir, 'missing.json')], message: /--jwks: cannot read/ },
      { args: (c) => [...base(c), '--auth', 'private_key_jwt', '--jwks', notJson], message: /--jwks: .* is not JSON/ },
      { args: (c) => base(c).filter((_, i, all) => all[i] !== '--purpose-en' && all[i - 1] !== '--purpose-en'), message: /required option '--purpose-en <text>' not specified/ },
    ];
    const tried = cases.map(() => id('bad'));
    // Four at a time: each is a process of its own, and they are independent.
    const results: Array<{ status: number | null; stdout: string; stderr: string }> = [];
    for (let i = 0; i < cases.length; i += 4) {
      results.push(...(await Promise.all(cases.slice(i, i + 4).map((c, j) => theqa(c.args(tried[i + j]), c.env ?? env)))));
    }
    results.forEach((result, i) => {
      expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({ status: 2, stdout: '', stderr: expect.stringMatching(cases[i].message) });
    });
    const invalidJson = await theqa([...base(id('bad')), '--auth', 'password', '--json'], env);
    expect(invalidJson.status).toBe(2);
    expect(json(invalidJson).error).toMatchObject({ code: 'rp-invalid', message: expect.stringContaining('--auth') });
    const badId = await theqa([...base('Not An Id'), ...withKeys], env);
    expect(badId.status).toBe(2);
    expect(badId.stderr).toMatch(/--client-id: "Not An Id" is not a client id/);

    const registered = await listedIds();
    for (const clientId of tried) expect(registered).not.toContain(clientId);
  }, 240_000); // many runs of the CLI, each opening the platform: minutes on a loaded machine

  it('refuses a client id that exists (exit 1), and rotation for a key-authenticated RP (exit 2)', async () => {
    const clientId = id('dup');
    expect((await theqa([...base(clientId), '--auth', 'private_key_jwt', '--jwks', jwksFile], env)).status).toBe(0);
    const duplicate = await theqa([...base(clientId), '--auth', 'private_key_jwt', '--jwks', jwksFile, '--json'], env);
    expect(duplicate.status).toBe(1);
    expect(json(duplicate).error).toMatchObject({ code: 'rp-exists', message: expect.stringContaining(clientId) });
    const rotate = await theqa(['rp', 'rotate-secret', '--client-id', clientId], env);
    expect(rotate.status).toBe(2);
    expect(rotate.stderr).toMatch(/--auth: .* authenticates with private_key_jwt and has no client secret to rotate/);
  });

  it('update: the options given replace the fields, refused as a registration is (exit 2, nothing changed); logins per day', async () => {
    const clientId = id('edit');
    expect((await theqa([...base(clientId), '--auth', 'private_key_jwt', '--jwks', jwksFile], env)).status).toBe(0);
    const [refusedHost, refusedClaims] = await Promise.all([
      theqa(['rp', 'update', '--client-id', clientId, '--redirect-uri', 'https://invest.example.om/a', '--redirect-uri', 'https://elsewhere.example.com/b'], env),
      theqa(['rp', 'update', '--client-id', clientId, '--claims', 'civil_number,mobile_number', '--json'], env),
    ]);
    expect({ status: refusedHost.status, stderr: refusedHost.stderr }).toEqual({ status: 2, stderr: expect.stringMatching(/--redirect-uri: all redirect URIs must be on one host/) });
    expect(refusedClaims.status).toBe(2);
    expect(json(refusedClaims).error).toMatchObject({ code: 'rp-invalid', message: expect.stringContaining('--claims') });

    const edited = await theqa(['rp', 'update', '--client-id', clientId, '--name-en', 'Invest Easy 2', '--acr', 'high', '--ciba', 'yes', '--no-post-logout-redirect-uris', '--json'], env);
    expect(edited.stderr).toBe('');
    expect(json(edited)).toMatchObject({
      client_id: clientId,
      name: { ar: 'استثمر بسهولة', en: 'Invest Easy 2' },
      acr_values: ['urn:theqa:loa:high'],
      ciba: true,
      post_logout_redirect_uris: [],
      redirect_uris: ['https://invest.example.om/callback', 'https://invest.example.om/callback2'],
      changed: expect.arrayContaining(['name', 'acrValues', 'ciba', 'postLogoutRedirectUris']),
    });
    const [row] = await dataSource.query(`SELECT actor FROM audit_log WHERE action = 'rp.updated' AND subject = $1`, [clientId]);
    expect(row.actor).toMatch(/^cli:/);

    // Keys published by the RP instead of pasted ones, and back.
    const toUri = await theqa(['rp', 'update', '--client-id', clientId, '--jwks-uri', 'https://keys.invest.example.om/jwks.json', '--json'], env);
    expect(toUri.stderr).toBe('');
    expect(json(toUri)).toMatchObject({ jwks: null, jwks_uri: 'https://keys.invest.example.om/jwks.json', changed: expect.arrayContaining(['jwks', 'jwksUri']) });
    const shownUri = await theqa(['rp', 'show', '--client-id', clientId], env);
    expect(shownUri.stdout).toContain('private_key_jwt (keys published at https://keys.invest.example.om/jwks.json)');
    const toKeys = await theqa(['rp', 'update', '--client-id', clientId, '--jwks', jwksFile, '--json'], env);
    expect(json(toKeys)).toMatchObject({ jwks: { keys: [expect.objectContaining({ kid: 'invest-1' })] }, jwks_uri: null });

    const logins = await theqa(['rp', 'logins', '--client-id', clientId, '--from', '2026-03-01', '--to', '2026-03-03', '--json'], env);
    expect(json(logins)).toEqual({ client_id: clientId, days: [{ day: '2026-03-01', logins: 0 }, { day: '2026-03-02', logins: 0 }, { day: '2026-03-03', logins: 0 }] });
  });
});
