import path from 'node:path';
import { ConfigurationError, loadConfiguration } from '../src/composition/configuration';

const refusal = (env: NodeJS.ProcessEnv): ConfigurationError => {
  try {
    loadConfiguration(env, '/srv/theqa');
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('the configuration was accepted');
};

const KEY = 'a3f1c9e07b5d2846f0e1d2c3b4a59687a3f1c9e07b5d2846f0e1d2c3b4a59687';
const TOKEN = 'q8Zr3VxK2mN7pLw4Hs9TfYbC6dGj1Ea5';
const PORTAL_KEY = '5c2f8e1a9d4b7c3e6f0a2d5b8e1c4f7a9b3d6e0c2f5a8d1b4e7c0f3a6d9b2e5c';
const ADMIN_KEY = '8d3b6f1a4c9e2d7b5a0f3c8e1b6d4a9f2c7e5b0d3a8f6c1e4b9d2a7f5c0e3b8d';
/** A production configuration on real systems: every variable production insists on. */
const PRODUCTION: NodeJS.ProcessEnv = {
  THEQA_ENV: 'production',
  DATABASE_URL: 'postgres://theqa_app:secret@db:5432/theqa',
  THEQA_KEYSTORE_KEY: KEY,
  THEQA_CA_API_TOKEN: TOKEN,
  THEQA_PORTAL_CLIENT_KEY: PORTAL_KEY,
  THEQA_ADMIN_CLIENT_KEY: ADMIN_KEY,
  THEQA_CIVIL_REGISTRY: 'http',
  THEQA_CIVIL_REGISTRY_URL: 'https://registry.example.om/theqa/v1',
  THEQA_CIVIL_REGISTRY_TOKEN: 'registry-Token-0123456789',
  THEQA_FACE_MATCHER: 'http',
  THEQA_FACE_MATCHER_URL: 'https://faces.example.om/v1',
  THEQA_FACE_MATCHER_TOKEN: 'faces-Token-0123456789ab',
  THEQA_SMS: 'http',
  THEQA_SMS_URL: 'https://sms.example.om/v1',
  THEQA_SMS_TOKEN: 'sms-Token-0123456789abcd',
};

describe('platform configuration', () => {
  it('starts from safe defaults: port 8080 on loopback, embedded database in .data, the development stand-ins', () => {
    const config = loadConfiguration({}, '/srv/theqa');
    expect(config).toMatchObject({ environment: 'development', logLevel: 'info', server: { port: 8080, host: '127.0.0.1', publicBaseUrl: 'http://127.0.0.1:8080' } });
    expect(config.database).toEqual({ kind: 'embedded', dataDir: path.join('/srv/theqa', '.data', 'postgres') });
    expect(config.keyStore).toEqual({ kind: 'software', directory: '/srv/theqa/certs/dev/keys', masterKey: undefined });
    expect(config.externalSystems).toEqual({ civilRegistry: { kind: 'synthetic' }, faceMatcher: { kind: 'synthetic' }, sms: { kind: 'outbox' } });
    expect(config.demoRelyingParty).toEqual({ port: 8090, clientId: 'naql-demo' });
  });

  it('reads what the environment sets, and nothing it does not know', () => {
    const config = loadConfiguration({ PORT: '9000', HOST: '0.0.0.0', PUBLIC_BASE_URL: 'https://theqa.example.om/', LOG_LEVEL: 'warn', UNRELATED: 'x' }, '/srv/theqa');
    expect(config).toMatchObject({ logLevel: 'warn', server: { port: 9000, host: '0.0.0.0', publicBaseUrl: 'https://theqa.example.om' } });
  });

  it('starts the dedicated OCSP responder only when OCSP_PORT is set, on HOST unless OCSP_HOST says otherwise', () => {
    expect(loadConfiguration({}).ocspResponder).toBeUndefined();
    expect(loadConfiguration({ OCSP_PORT: '8081' }).ocspResponder).toEqual({ port: 8081, host: '127.0.0.1' });
    expect(loadConfiguration({ OCSP_PORT: '8081', OCSP_HOST: '0.0.0.0' }).ocspResponder).toEqual({ port: 8081, host: '0.0.0.0' });
  });

  it("reads the console's expiry warning days, audit export limit and statistics time zone", () => {
    const defaults = loadConfiguration({});
    expect(defaults.authority.expiryWarningDays).toBe(90);
    expect(defaults.audit.exportMaxEntries).toBe(200_000);
    expect(defaults.statistics).toEqual({ timeZone: 'Asia/Muscat' });
    const set = loadConfiguration({ THEQA_EXPIRY_WARNING_DAYS: '30', THEQA_AUDIT_EXPORT_MAX_ENTRIES: '1000', THEQA_STATISTICS_TIME_ZONE: 'UTC' });
    expect([set.authority.expiryWarningDays, set.audit.exportMaxEntries, set.statistics.timeZone]).toEqual([30, 1000, 'UTC']);
    for (const bad of ['0', '2.5', 'soon']) expect(() => loadConfiguration({ THEQA_EXPIRY_WARNING_DAYS: bad })).toThrow(/THEQA_EXPIRY_WARNING_DAYS/);
    for (const bad of ['0', 'all']) expect(() => loadConfiguration({ THEQA_AUDIT_EXPORT_MAX_ENTRIES: bad })).toThrow(/THEQA_AUDIT_EXPORT_MAX_ENTRIES/);
    for (const bad of ['Mars/Olympus', '+04:00', "Asia/Muscat'; --"]) expect(() => loadConfiguration({ THEQA_STATISTICS_TIME_ZONE: bad })).toThrow(/THEQA_STATISTICS_TIME_ZONE/);
  });

  it('checkpoints the audit log every five minutes unless THEQA_AUDIT_CHECKPOINT_SECONDS says otherwise', () => {
    expect(loadConfiguration({}).audit.checkpointSeconds).toBe(300);
    expect(loadConfiguration({ THEQA_AUDIT_CHECKPOINT_SECONDS: '60' }).audit.checkpointSeconds).toBe(60);
    for (const bad of ['0', '1.5', 'hourly', '86401']) expect(() => loadConfiguration({ THEQA_AUDIT_CHECKPOINT_SECONDS: bad })).toThrow(/THEQA_AUDIT_CHECKPOINT_SECONDS/);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['PORT', '80.5'],
    ['OCSP_PORT', 'ocsp'],
    ['OCSP_PORT', '0'],
    ['OCSP_PORT', '8080'],
    ['LOG_LEVEL', 'loud'],
    ['THEQA_ENV', 'staging'],
    ['PUBLIC_BASE_URL', 'theqa.om'],
    ['DATABASE_URL', 'mysql://db/theqa'],
    ['THEQA_KEYSTORE', 'cloud'],
    ['THEQA_CIVIL_REGISTRY', 'ldap'],
    ['THEQA_ISSUANCE_WORKERS', 'many'],
  ])('refuses %s=%s with a message naming the variable and the value', (name, value) => {
    const error = refusal({ [name]: value });
    expect(error.message).toContain(name);
    expect(error.message).toContain(JSON.stringify(value));
  });

  it('never echoes a secret, not even a bad one, nor a password inside a URL', () => {
    expect(refusal({ THEQA_CA_API_TOKEN: 'hunter2' }).message).not.toContain('hunter2');
    expect(refusal({ THEQA_KEYSTORE_KEY: 'not-hex-s3cret' }).message).not.toContain('s3cret');
    expect(refusal({ DATABASE_URL: 'mysql://theqa:s3cret@db/theqa' }).message).not.toContain('s3cret');
  });

  it.each([
    ['THEQA_CA_API_TOKEN', 'a'.repeat(40), /not random enough/],
    ['THEQA_CA_API_TOKEN', 'abcd'.repeat(10), /not random enough/],
    ['THEQA_CA_API_TOKEN', 'short-Token-1', /at least 32/],
    ['THEQA_KEYSTORE_KEY', '0'.repeat(64), /not random enough/],
    ['THEQA_KEYSTORE_KEY', 'ab'.repeat(16), /64 hexadecimal/],
  ])('refuses a weak secret in %s', (name, value, reason) => {
    expect(refusal({ [name]: value }).message).toMatch(reason);
  });

  it('accepts a production configuration on real systems, with no demo relying party', () => {
    const config = loadConfiguration(PRODUCTION, '/srv/theqa');
    expect(config.environment).toBe('production');
    expect(config.externalSystems.civilRegistry).toEqual({ kind: 'http', url: 'https://registry.example.om/theqa/v1', token: 'registry-Token-0123456789', timeoutMs: 5000, retries: 2 });
    expect(config.demoRelyingParty).toBeUndefined();
    expect(config.issuanceApiToken).toBe(TOKEN);
  });

  it.each([
    ['THEQA_CIVIL_REGISTRY', 'synthetic'],
    ['THEQA_FACE_MATCHER', 'synthetic'],
    ['THEQA_SMS', 'outbox'],
  ])('refuses a development stand-in in production: %s=%s', (name, value) => {
    const error = refusal({ ...PRODUCTION, [name]: value });
    expect(error.problems).toEqual([expect.stringContaining(`${name} is "${value}", a development stand-in`)]);
  });

  it('refuses production with the stand-ins merely left at their defaults, naming each', () => {
    const { THEQA_CIVIL_REGISTRY: _r, THEQA_FACE_MATCHER: _f, THEQA_SMS: _s, ...defaults } = PRODUCTION;
    const problems = refusal(defaults).problems.join('\n');
    for (const name of ['THEQA_CIVIL_REGISTRY', 'THEQA_FACE_MATCHER', 'THEQA_SMS']) expect(problems).toContain(name);
  });

  it.each(['DATABASE_URL', 'THEQA_KEYSTORE_KEY', 'THEQA_CA_API_TOKEN', 'THEQA_PORTAL_CLIENT_KEY', 'THEQA_ADMIN_CLIENT_KEY'])('requires %s in production', (name) => {
    const { [name]: _dropped, ...rest } = PRODUCTION;
    expect(refusal(rest).problems).toEqual([expect.stringContaining(`${name} is required in production`)]);
  });

  it.each([
    ['THEQA_SMS_URL', 'https://user:pw@sms.example.om/v1'],
    ['THEQA_SMS_URL', 'https://sms.example.om/v1?key=1'],
    ['THEQA_SMS_TOKEN', 'token with spaces in it'],
    ['THEQA_SMS_TOKEN', 'abababababababababab'],
  ])('refuses what an HTTP adapter could not use: %s', (name, value) => {
    expect(refusal({ ...PRODUCTION, [name]: value }).message).toContain(name);
  });

  it('asks for the URL and the token of an HTTP adapter', () => {
    expect(refusal({ THEQA_SMS: 'http' }).problems).toEqual(['THEQA_SMS=http needs THEQA_SMS_URL and THEQA_SMS_TOKEN']);
  });

  it("configures the portal: its client at the gateway, its key, and its sessions' timeouts", () => {
    expect(loadConfiguration({}).portal).toEqual({ clientId: 'theqa-portal', clientKey: undefined, idleSeconds: 900, absoluteSeconds: 8 * 3600, signUploads: { limit: 20, windowSeconds: 3600 } });
    expect(loadConfiguration(PRODUCTION).portal).toMatchObject({ clientKey: PORTAL_KEY });
    expect(loadConfiguration({ THEQA_PORTAL_CLIENT_ID: 'portal-2', THEQA_PORTAL_IDLE_SECONDS: '30', THEQA_PORTAL_SESSION_HOURS: '1', THEQA_PORTAL_SIGN_UPLOADS_PER_HOUR: '5' }).portal).toEqual({
      clientId: 'portal-2',
      clientKey: undefined,
      idleSeconds: 30,
      absoluteSeconds: 3600,
      signUploads: { limit: 5, windowSeconds: 3600 },
    });
    for (const [name, value] of [
      ['THEQA_PORTAL_IDLE_SECONDS', '2'],
      ['THEQA_PORTAL_IDLE_SECONDS', 'soon'],
      ['THEQA_PORTAL_SESSION_HOURS', '25'],
      ['THEQA_PORTAL_CLIENT_ID', 'Portal!'],
      ['THEQA_PORTAL_SIGN_UPLOADS_PER_HOUR', '0'],
      ['THEQA_PORTAL_SIGN_UPLOADS_PER_HOUR', 'many'],
    ]) expect(refusal({ [name]: value }).message).toContain(name);
    expect(refusal({ THEQA_PORTAL_IDLE_SECONDS: '7200', THEQA_PORTAL_SESSION_HOURS: '1' }).problems).toEqual([expect.stringContaining('THEQA_PORTAL_IDLE_SECONDS must not exceed THEQA_PORTAL_SESSION_HOURS')]);
    expect(refusal({ THEQA_PORTAL_CLIENT_ID: 'naql-demo' }).problems).toEqual([expect.stringContaining('must differ from DEMO_RP_CLIENT_ID')]);
  });

  it.each([
    ['0'.repeat(64), /not random enough/],
    ['ff'.repeat(32), /not random enough/],
    // n itself: one past the largest P-256 private key.
    ['ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551', /below the group order/],
    ['a1b2c3', /64 hexadecimal/],
  ])("refuses a portal client key that is no P-256 private key (%s), without echoing it", (value, reason) => {
    const error = refusal({ THEQA_PORTAL_CLIENT_KEY: value });
    expect(error.message).toMatch(reason);
    expect(error.message).not.toContain(value);
  });

  it('configures the console: its roster (named synthetic persons in development), four eyes, sessions of 15 idle minutes', () => {
    const development = loadConfiguration({}).admin;
    expect(development).toMatchObject({ clientId: 'theqa-admin', idleSeconds: 900, proposalSeconds: 86_400, fourEyes: ['certificate.revoke-administrator', 'relying-party.disable', 'identity.suspend'] });
    expect(development.roles).toEqual({ 'relying-party-officer': ['12345678', '10000008'], 'ca-officer': ['12345678', '10000008'], 'support-officer': ['12345678', '10000008'], auditor: ['10000006'] });
    // Production has no development roster: the configuration names every administrator.
    expect(loadConfiguration(PRODUCTION).admin.roles).toEqual({});
    const configured = loadConfiguration({ THEQA_ADMIN_ROLES: 'ca-officer:31110001;auditor:31110002,31110001', THEQA_ADMIN_ROLE_COMBINATIONS: 'ca-officer+auditor', THEQA_ADMIN_FOUR_EYES: 'none', THEQA_ADMIN_IDLE_SECONDS: '60' }).admin;
    expect(configured).toMatchObject({ roles: { 'ca-officer': ['31110001'], auditor: ['31110002', '31110001'] }, combinations: [['ca-officer', 'auditor']], fourEyes: [], idleSeconds: 60 });
  });

  it('stops the start for a roster that does not hold, naming each problem', () => {
    expect(refusal({ THEQA_ADMIN_ROLES: 'ca-officer:31110001;relying-party-officer:31110001' }).problems).toEqual([
      'THEQA_ADMIN_ROLES: 31110001 holds ca-officer and relying-party-officer: one person in several roles needs that combination allowed (THEQA_ADMIN_ROLE_COMBINATIONS=ca-officer+relying-party-officer)',
    ]);
    expect(refusal({ THEQA_ADMIN_ROLES: 'ca-officer:3111;janitor:31110001' }).problems).toEqual([
      'THEQA_ADMIN_ROLES: ca-officer: "3111" is not a civil number (6 to 12 digits)',
      'THEQA_ADMIN_ROLES: unknown role "janitor" (roles: relying-party-officer, ca-officer, support-officer, auditor)',
    ]);
    expect(refusal({ THEQA_ADMIN_ROLES: 'auditor 31110001' }).problems).toEqual(['THEQA_ADMIN_ROLES: "auditor 31110001" is not role:civil number,civil number']);
    expect(refusal({ THEQA_ADMIN_FOUR_EYES: 'identity.suspend,audit.view' }).problems).toEqual([expect.stringContaining('"audit.view" only reads')]);
    expect(refusal({ THEQA_ADMIN_CLIENT_ID: 'theqa-portal' }).problems).toEqual([expect.stringContaining('THEQA_ADMIN_CLIENT_ID must differ')]);
    expect(refusal({ THEQA_ADMIN_IDLE_SECONDS: '4' }).message).toContain('THEQA_ADMIN_IDLE_SECONDS');
  });

  it('names what a PKCS#11 key store lacks', () => {
    expect(refusal({ THEQA_KEYSTORE: 'pkcs11', THEQA_PKCS11_LIBRARY: '/usr/lib/softhsm/libsofthsm2.so' }).problems).toEqual(['THEQA_KEYSTORE=pkcs11 needs THEQA_PKCS11_TOKEN, THEQA_PKCS11_PIN']);
  });
});
