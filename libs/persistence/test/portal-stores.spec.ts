import { randomBytes, randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { LoginTransactions, PortalSessions, tokenSha256 } from '@theqa/portal-sessions';
import { createDataSource, PostgresDeviceLifecycle, PostgresGrantDevices, PostgresPortalLogins, PostgresPortalSessions } from '../src';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const serial = () => `THQ-${Array.from({ length: 4 }, () => CROCKFORD[randomInt(32)]).join('')}-${Array.from({ length: 4 }, () => CROCKFORD[randomInt(32)]).join('')}`;
/** Civil numbers no registry person has (the synthetic registry's are 8 digits). */
const civilNumber = () => `9${String(randomInt(10 ** 10)).padStart(10, '0')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The portal's rows: sessions and login transactions, devices renamed and revoked, the grants a device approved. */
describe('the portal on PostgreSQL', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 4 });
    await dataSource.initialize();
  });
  afterAll(() => dataSource.destroy());

  async function person(devices = 1): Promise<{ civilNumber: string; devices: string[] }> {
    const cn = civilNumber();
    await dataSource.query(`INSERT INTO identity (civil_number, assurance) VALUES ($1, 'medium')`, [cn]);
    const serials = Array.from({ length: devices }, serial);
    for (const s of serials) {
      await dataSource.query(
        `INSERT INTO identity_device (serial, civil_number, platform, name, certificate_serial, public_key_spki, pin_verifier, pin_mac_key) VALUES ($1, $2, 'cli', 'Phone', $3, $4, $5, 'k')`,
        [s, cn, randomBytes(10).toString('hex'), randomBytes(91), randomBytes(32)],
      );
    }
    return { civilNumber: cn, devices: serials };
  }

  describe('login transactions', () => {
    it('are taken once, even by a hundred callbacks at once', async () => {
      const logins = new LoginTransactions(new PostgresPortalLogins(dataSource));
      const token = await logins.begin({ state: 'state-1', nonce: 'nonce-1', codeVerifier: 'verifier-1', lang: 'en' });
      const taken = await Promise.all(Array.from({ length: 100 }, () => logins.take(token)));
      expect(taken.filter(Boolean)).toEqual([{ state: 'state-1', nonce: 'nonce-1', codeVerifier: 'verifier-1', lang: 'en' }]);
      const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM portal_login WHERE id_sha256 = $1`, [tokenSha256(token)]);
      expect(n).toBe(0);
    });

    it('are not taken once lapsed', async () => {
      const store = new PostgresPortalLogins(dataSource);
      const id = tokenSha256(randomBytes(32).toString('base64url'));
      await store.create(id, { state: 's', nonce: 'n', codeVerifier: 'v', lang: 'ar' }, 0.01);
      await sleep(50);
      expect(await store.take(id)).toBeUndefined();
    });
  });

  describe('sessions', () => {
    it('of a login with the ID card have no device and need no enrolment, and are high only', async () => {
      const cardHolder = civilNumber();
      const sessions = new PortalSessions(new PostgresPortalSessions(dataSource), { idleSeconds: 60, absoluteSeconds: 3600 });
      const { token, session } = await sessions.open({ civilNumber: cardHolder, acr: 'high', names: { en: 'Card holder' } });
      expect(session.device).toBeUndefined();
      expect(await sessions.resume(token)).toMatchObject({ civilNumber: cardHolder, acr: 'high' });
      expect(await sessions.resume(token)).not.toHaveProperty('device');
      await expect(sessions.open({ civilNumber: cardHolder, acr: 'medium', names: {} })).rejects.toThrow(/portal_session_card_is_high/);
      expect(await sessions.end(token)).toMatchObject({ civilNumber: cardHolder });
    });

    it('keep only the hash of their token, are touched by use, and lapse when idle', async () => {
      const someone = await person();
      const sessions = new PortalSessions(new PostgresPortalSessions(dataSource), { idleSeconds: 1, absoluteSeconds: 3600 });
      const { token, session } = await sessions.open({ civilNumber: someone.civilNumber, device: someone.devices[0], acr: 'medium', names: { ar: 'سالم', en: 'Salim' }, idToken: 'eyJ.x.y' });
      expect(session).toMatchObject({ civilNumber: someone.civilNumber, device: someone.devices[0], acr: 'medium', names: { ar: 'سالم', en: 'Salim' }, idToken: 'eyJ.x.y' });
      const rows: Array<{ id_sha256: Buffer }> = await dataSource.query(`SELECT id_sha256 FROM portal_session WHERE civil_number = $1`, [someone.civilNumber]);
      expect(rows.map((r) => Buffer.from(r.id_sha256).toString('hex'))).toEqual([tokenSha256(token).toString('hex')]);
      await sleep(600);
      const resumed = await sessions.resume(token);
      expect(resumed?.csrfToken).toBe(session.csrfToken);
      expect(resumed!.lastSeenAt.getTime()).toBeGreaterThan(session.lastSeenAt.getTime());
      await sleep(600);
      // 1.2 s since the login, 0.6 s since the last request: alive.
      expect(await sessions.resume(token)).toBeDefined();
      await sleep(1300);
      expect(await sessions.resume(token)).toBeUndefined();
    });

    it('end at their absolute time however active', async () => {
      const someone = await person();
      const sessions = new PortalSessions(new PostgresPortalSessions(dataSource), { idleSeconds: 1, absoluteSeconds: 1 });
      const { token } = await sessions.open({ civilNumber: someone.civilNumber, device: someone.devices[0], acr: 'high', names: {} });
      await sleep(500);
      expect(await sessions.resume(token)).toBeDefined();
      await sleep(700);
      expect(await sessions.resume(token)).toBeUndefined();
    });

    it("end by logout, with their device, and as soon as the device is revoked", async () => {
      const someone = await person(2);
      const [a, b] = someone.devices;
      const sessions = new PortalSessions(new PostgresPortalSessions(dataSource), { idleSeconds: 60, absoluteSeconds: 3600 });
      const open = (device: string) => sessions.open({ civilNumber: someone.civilNumber, device, acr: 'medium', names: {} });
      const [a1, a2, b1, b2] = [await open(a), await open(a), await open(b), await open(b)];
      expect(await sessions.endOfDevice(a)).toBe(2);
      expect(await sessions.resume(a1.token)).toBeUndefined();
      expect(await sessions.resume(a2.token)).toBeUndefined();
      expect(await sessions.resume(b1.token)).toBeDefined();
      expect(await sessions.end(b1.token)).toMatchObject({ device: b });
      expect(await sessions.resume(b1.token)).toBeUndefined();
      await dataSource.query(`UPDATE identity_device SET status = 'revoked' WHERE serial = $1`, [b]);
      expect(await sessions.resume(b2.token)).toBeUndefined();
    });
  });

  describe('device lifecycle', () => {
    it("renames only the person's own active device", async () => {
      const someone = await person();
      const other = await person();
      const store = new PostgresDeviceLifecycle(dataSource);
      expect(await store.rename(other.civilNumber, someone.devices[0], 'Not mine')).toBeUndefined();
      expect(await store.rename(someone.civilNumber, someone.devices[0], 'هاتف سالم')).toMatchObject({ serial: someone.devices[0], name: 'هاتف سالم', status: 'active' });
      await store.revoke(someone.civilNumber, someone.devices[0]);
      expect(await store.rename(someone.civilNumber, someone.devices[0], 'Too late')).toBeUndefined();
    });

    it('revokes a device once, whatever the concurrency, and only for its holder', async () => {
      const someone = await person();
      const other = await person();
      const [device] = someone.devices;
      const store = new PostgresDeviceLifecycle(dataSource);
      expect(await store.revoke(other.civilNumber, device)).toBeUndefined();
      const signing = randomBytes(10).toString('hex');
      await dataSource.query(`INSERT INTO device_signing_key (device, public_key_spki, certificate_serial, certificate_der) VALUES ($1, $2, $3, $4)`, [device, randomBytes(91), signing, randomBytes(300)]);
      const outcomes = await Promise.all(Array.from({ length: 100 }, () => store.revoke(someone.civilNumber, device)));
      expect(outcomes.filter((o) => o?.changed)).toHaveLength(1);
      for (const outcome of outcomes) expect(outcome).toMatchObject({ device: { serial: device, status: 'revoked' }, signingCertificate: signing });
      const [{ status }] = await dataSource.query(`SELECT status FROM identity_device WHERE serial = $1`, [device]);
      expect(status).toBe('revoked');
    });
  });

  describe('grants of a device', () => {
    it("name the device a first party's grant was approved with, and go with the device's report", async () => {
      const grants = new PostgresGrantDevices(dataSource);
      const [mine, other, device] = [randomBytes(16).toString('base64url'), randomBytes(16).toString('base64url'), serial()];
      for (const grant of [mine, other]) {
        await dataSource.query(`INSERT INTO oidc_model (kind, id, payload, expires_at) VALUES ('Grant', $1, '{}', now() + interval '1 hour')`, [grant]);
        await dataSource.query(`INSERT INTO oidc_model (kind, id, payload, grant_id, expires_at) VALUES ('AccessToken', $1, '{}', $2, now() + interval '10 minutes')`, [`${grant}-at`, grant]);
      }
      await grants.record(mine, device, 3600);
      await grants.record(other, serial(), 3600);
      expect(await grants.deviceOf(mine)).toBe(device);
      expect(await grants.deviceOf('nobody')).toBeUndefined();
      expect(await grants.revokeOfDevice(device)).toBe(1);
      const left: Array<{ kind: string; id: string }> = await dataSource.query(`SELECT kind, id FROM oidc_model WHERE id = ANY($1) ORDER BY kind, id`, [[mine, `${mine}-at`, other, `${other}-at`]]);
      expect(left).toEqual([
        { kind: 'AccessToken', id: `${other}-at` },
        { kind: 'Grant', id: other },
        { kind: 'GrantDevice', id: other },
      ]);
      expect(await grants.deviceOf(mine)).toBeUndefined();
    });
  });
});
