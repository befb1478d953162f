import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, verify, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import type { RegistryPerson } from '@theqa/integrations';
import { createDataSource } from '@theqa/persistence';
import { run, softHsmIsAvailable, testCardReader, testInstallation, toolIsAvailable } from '@theqa/testing';

/**
 * The ID card (issue 15), the card's side: `npx theqa card personalise` makes a SoftHSM "card" (two
 * tokens, PIN1 and PIN2, PUK as their SO PIN) for a registry person, and the card app answers as the
 * Web eID native app does. Registry persons: ordinary 160–162 are this suite's; the named persons for
 * the expired and cancelled cards and the deceased.
 */
const named = new Set<string>(Object.values(TEST_PERSONS));
const ordinary = new SyntheticCivilRegistry().listPersons().filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death);
const HOLDER: RegistryPerson = ordinary[160];
const BLOCKED: RegistryPerson = ordinary[161];
const TAMPERED: RegistryPerson = ordinary[162];

const PIN1 = '135790';
const PIN2 = '246801';
const PUK = '11223344';
const ORIGIN = 'https://login.theqa.example.om';

(softHsmIsAvailable() ? describe : describe.skip)('the ID card: personalisation and the card app', () => {
  const installation = testInstallation();
  // The cards' SoftHSM configuration of their own: its blank slots are this suite's cards.
  const reader = testCardReader();
  const dir = reader.dir;
  const library = reader.env.THEQA_CARD_MODULE;
  const env = { ...process.env, ...reader.env };
  afterAll(() => reader.dispose());

  const card = (...args: string[]) => reader.cardApp(args);
  const personalise = (person: RegistryPerson, label: string) => card('personalise', '--civil-number', person.civil_number, '--token', label, '--pin1', PIN1, '--pin2', PIN2, '--puk', PUK);
  const nonce = () => randomBytes(32).toString('base64');
  const tokenLabels = () => execFileSync('softhsm2-util', ['--show-slots'], { env, encoding: 'utf8' }).match(/Label:\s+.*$/gm)?.map((l) => l.replace(/Label:\s+/, '').trim()) ?? [];
  const expiryOf = (person: RegistryPerson) => new Date(`${person.card_expiry_date}T23:59:59Z`);

  const authorities = async () => {
    const dataSource = createDataSource({ url: installation.databaseUrl, poolSize: 1 });
    await dataSource.initialize();
    try {
      const rows: Array<{ name: string; certificate_der: Buffer }> = await dataSource.query(`SELECT name, certificate_der FROM ca_authority WHERE name IN ('theqa-root-ca', 'citizen-authentication-ca', 'citizen-signing-ca')`);
      for (const row of rows) fs.writeFileSync(path.join(dir, `${row.name}.pem`), new X509Certificate(row.certificate_der).toString());
    } finally {
      await dataSource.destroy();
    }
  };

  describe('a card personalised for a registry person', () => {
    let personalised: { status: number | null; body: any };
    beforeAll(async () => {
      personalised = await personalise(HOLDER, 'CARD-160');
    }, 120_000);

    it('holds two tokens, one per PIN, with certificates until the card expires', async () => {
      expect(personalised.status).toBe(0);
      expect(personalised.body.tokens.map((t: { key: string; label: string }) => [t.key, t.label])).toEqual([
        ['authentication', 'CARD-160 (PIN1)'],
        ['signing', 'CARD-160 (PIN2)'],
      ]);
      expect(tokenLabels()).toEqual(expect.arrayContaining(['CARD-160 (PIN1)', 'CARD-160 (PIN2)']));
      const dataSource = createDataSource({ url: installation.databaseUrl, poolSize: 1 });
      await dataSource.initialize();
      try {
        const audit: Array<{ details: string | Record<string, unknown> }> = await dataSource.query(`SELECT details FROM audit_log WHERE action = 'card.personalised' AND subject = $1`, [HOLDER.civil_number]);
        expect(audit).toHaveLength(1);
        const details = typeof audit[0].details === 'string' ? JSON.parse(audit[0].details) : audit[0].details;
        expect(details).toMatchObject({ card: 'CARD-160', authentication_certificate: personalised.body.tokens[0].certificate_serial, signing_certificate: personalised.body.tokens[1].certificate_serial });
        // Which physical card each certificate is on: the registry's card serial, for the login's question to the registry.
        const cards: Array<{ certificate_serial: string; card_serial_number: string; card_key: string }> = await dataSource.query(
          `SELECT certificate_serial, card_serial_number, card_key FROM id_card_certificate WHERE civil_number = $1 AND card_label = 'CARD-160' ORDER BY card_key`,
          [HOLDER.civil_number],
        );
        expect(cards).toEqual([
          { certificate_serial: personalised.body.tokens[0].certificate_serial.toUpperCase(), card_serial_number: HOLDER.card_serial_number, card_key: 'authentication' },
          { certificate_serial: personalised.body.tokens[1].certificate_serial.toUpperCase(), card_serial_number: HOLDER.card_serial_number, card_key: 'signing' },
        ]);
      } finally {
        await dataSource.destroy();
      }
    });

    it('answers a Web eID authentication token whose signature over hash(origin) ‖ hash(nonce) verifies with a certificate chaining to the root', async () => {
      const challenge = nonce();
      const { status, body } = await card('authenticate', '--origin', ORIGIN, '--challenge-nonce', challenge, '--pin1', PIN1);
      expect(status).toBe(0);
      expect(Object.keys(body)).toEqual(['unverifiedCertificate', 'algorithm', 'signature', 'format', 'appVersion']);
      expect(body).toMatchObject({ format: 'web-eid:1.0', algorithm: 'ES256' });
      expect(body.appVersion).toMatch(/^https:\/\//);
      const certificate = new X509Certificate(Buffer.from(body.unverifiedCertificate, 'base64'));
      const input = Buffer.concat([createHash('sha256').update(ORIGIN).digest(), createHash('sha256').update(challenge).digest()]);
      const signature = Buffer.from(body.signature, 'base64');
      expect(signature).toHaveLength(64);
      expect(verify('sha256', input, { key: certificate.publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
      // Over another origin or another nonce, the same signature is worthless.
      const other = Buffer.concat([createHash('sha256').update('https://evil.example').digest(), createHash('sha256').update(challenge).digest()]);
      expect(verify('sha256', other, { key: certificate.publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(false);

      expect(new Date(certificate.validTo).getTime()).toBe(expiryOf(HOLDER).getTime());
      expect(certificate.subject).toContain(`serialNumber=PNOOM-${HOLDER.civil_number}`);
      expect(certificate.subject).toContain(`CN=${HOLDER.full_name_en}`);
      // (node:crypto calls the extended key usages keyUsage.)
      expect(certificate.keyUsage).toContain('1.3.6.1.5.5.7.3.2');
      if (toolIsAvailable('openssl')) {
        await authorities();
        fs.writeFileSync(path.join(dir, 'auth.pem'), certificate.toString());
        const verified = run('openssl', ['verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', 'theqa-root-ca.pem', '-untrusted', 'citizen-authentication-ca.pem', 'auth.pem'], { cwd: dir });
        expect(verified.output.trim()).toBe('auth.pem: OK');
      }
    });

    it('signs a document hash with the qualified signing key and PIN2', async () => {
      const got = await card('get-signing-certificate');
      expect(got.status).toBe(0);
      expect(got.body.supportedSignatureAlgorithms).toContainEqual({ cryptoAlgorithm: 'ECC', hashFunction: 'SHA-256', paddingScheme: 'NONE' });
      const certificate = new X509Certificate(Buffer.from(got.body.certificate, 'base64'));
      expect(new Date(certificate.validTo).getTime()).toBe(expiryOf(HOLDER).getTime());
      expect(certificate.subject).toContain(`serialNumber=PNOOM-${HOLDER.civil_number}`);

      const digest = createHash('sha256').update('a contract to sign').digest();
      const signed = await card('sign', '--hash', digest.toString('base64'), '--hash-function', 'SHA-256', '--pin2', PIN2);
      expect(signed.status).toBe(0);
      expect(signed.body.signatureAlgorithm).toEqual({ cryptoAlgorithm: 'ECC', hashFunction: 'SHA-256', paddingScheme: 'NONE' });
      expect(verify('sha256', Buffer.from('a contract to sign'), { key: certificate.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signed.body.signature, 'base64'))).toBe(true);
      // The authentication key is another key: its certificate does not verify the signature.
      const auth = new X509Certificate(Buffer.from(personalised.body.tokens[0].certificate));
      expect(verify('sha256', Buffer.from('a contract to sign'), { key: auth.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signed.body.signature, 'base64'))).toBe(false);
      // PIN1 is not PIN2.
      const wrong = await card('sign', '--hash', digest.toString('base64'), '--hash-function', 'SHA-256', '--pin2', PIN1);
      expect(wrong.body.error).toMatchObject({ code: 'pin-incorrect', remaining_attempts: 2 });
      expect((await card('sign', '--hash', digest.toString('base64'), '--hash-function', 'SHA-256', '--pin2', PIN2)).status).toBe(0);
      if (toolIsAvailable('openssl')) {
        await authorities();
        fs.writeFileSync(path.join(dir, 'sign.pem'), certificate.toString());
        const verified = run('openssl', ['verify', '-x509_strict', '-CAfile', 'theqa-root-ca.pem', '-untrusted', 'citizen-signing-ca.pem', 'sign.pem'], { cwd: dir });
        expect(verified.output.trim()).toBe('sign.pem: OK');
      }
    });

    it.each([
      [['--origin', 'https://login.theqa.example.om/path'], 'origin-invalid'],
      [['--origin', 'http://login.theqa.example.om'], 'origin-invalid'],
      [['--challenge-nonce', 'short'], 'nonce-invalid'],
      [['--pin1', '12345'], 'pin-format'],
    ])('refuses %j before the card counts a try', async (override, code) => {
      const options: Record<string, string> = { '--origin': ORIGIN, '--challenge-nonce': nonce(), '--pin1': PIN1 };
      options[override[0]] = override[1];
      const refused = await card('authenticate', ...Object.entries(options).flat());
      expect(refused.status).toBe(1);
      expect(refused.body.error.code).toBe(code);
      expect(refused.body.error.message.ar).toMatch(/[\u0600-\u06ff]/);
      expect(refused.body.error.message.en).toBeTruthy();
    });

    it('refuses a second personalisation of the same card', async () => {
      const again = await personalise(HOLDER, 'CARD-160');
      expect(again.body.error.code).toBe('card-exists');
    });
  });

  it.each([
    ['an expired card', TEST_PERSONS.expiredCard, 'card-not-valid'],
    ['a cancelled card', TEST_PERSONS.cancelledCard, 'card-not-valid'],
    ['a deceased person', TEST_PERSONS.deceased, 'person-deceased'],
  ])('refuses to personalise %s, touching no slot', async (_what, civilNumber, code) => {
    const before = tokenLabels();
    const { status, body } = await card('personalise', '--civil-number', civilNumber, '--token', `REFUSED-${civilNumber}`, '--pin1', PIN1, '--pin2', PIN2, '--puk', PUK);
    expect(status).toBe(1);
    expect(body.error.code).toBe(code);
    expect(body.error.message.ar).toMatch(/[\u0600-\u06ff]/);
    expect(tokenLabels()).toEqual(before);
  });

  it('blocks PIN1 after three wrong tries until the PUK unblocks it; PIN2 stays usable', async () => {
    expect((await personalise(BLOCKED, 'CARD-161')).status).toBe(0);
    const authenticate = (pin: string) => card('authenticate', '--token', 'CARD-161', '--origin', ORIGIN, '--challenge-nonce', nonce(), '--pin1', pin);
    expect((await authenticate('000000')).body.error).toMatchObject({ code: 'pin-incorrect', remaining_attempts: 2 });
    expect((await authenticate('000001')).body.error).toMatchObject({ code: 'pin-incorrect', remaining_attempts: 1 });
    expect((await authenticate('000002')).body.error).toMatchObject({ code: 'pin-blocked', remaining_attempts: 0 });
    // Blocked: the right PIN is not even tried.
    expect((await authenticate(PIN1)).body.error.code).toBe('pin-blocked');

    const digest = createHash('sha256').update('independent').digest().toString('base64');
    expect((await card('sign', '--token', 'CARD-161', '--hash', digest, '--hash-function', 'SHA-256', '--pin2', PIN2)).status).toBe(0);

    const unblock = (puk: string, pin: string) => card('unblock', '--token', 'CARD-161', '--puk', puk, '--pin', pin, '--which', 'pin1');
    expect((await unblock('99999999', '654321')).body.error).toMatchObject({ code: 'puk-incorrect', remaining_attempts: 2 });
    expect((await authenticate(PIN1)).body.error.code).toBe('pin-blocked');
    const unblocked = await unblock(PUK, '654321');
    expect(unblocked.status).toBe(0);
    expect(unblocked.body).toEqual({ unblocked: 'pin1' });
    expect((await authenticate('654321')).status).toBe(0);
    expect((await authenticate(PIN1)).body.error).toMatchObject({ code: 'pin-incorrect', remaining_attempts: 2 });
  }, 120_000);

  it('counts PIN tries made at once by several card apps as a chip would: three, then blocked', async () => {
    const digest = createHash('sha256').update('at once').digest().toString('base64');
    const sign = (pin: string) => card('sign', '--token', 'CARD-161', '--hash', digest, '--hash-function', 'SHA-256', '--pin2', pin);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => sign(`90000${i}`)));
    const codes = answers.map((a) => a.body.error?.code).sort();
    expect(codes).toEqual([...Array(6).fill('pin-blocked'), ...Array(2).fill('pin-incorrect')]);
    expect(answers.filter((a) => a.body.error?.remaining_attempts === 0)).toHaveLength(1);
    expect((await sign(PIN2)).body.error.code).toBe('pin-blocked');
    expect((await card('unblock', '--token', 'CARD-161', '--puk', PUK, '--pin', '864200', '--which', 'pin2')).body).toEqual({ unblocked: 'pin2' });
    expect((await sign('864200')).status).toBe(0);
  }, 120_000);

  it('detects a try counter edited or removed outside the card app, and then refuses every PIN', async () => {
    expect((await personalise(TAMPERED, 'CARD-162')).status).toBe(0);
    const authenticate = (pin: string) => card('authenticate', '--token', 'CARD-162', '--origin', ORIGIN, '--challenge-nonce', nonce(), '--pin1', pin);
    expect((await authenticate('000000')).body.error.code).toBe('pin-incorrect');
    const tamper = (action: string) =>
      execFileSync(process.execPath, [path.join(__dirname, 'card-counter-tamper.cjs'), library, 'CARD-162 (PIN1)', action], { env, cwd: path.join(__dirname, '..', '..', '..'), stdio: 'pipe' });
    tamper('edit');
    expect((await authenticate(PIN1)).body.error.code).toBe('card-tampered');
    tamper('delete');
    expect((await authenticate(PIN1)).body.error.code).toBe('card-tampered');
    // The signing token's counter is untouched: PIN2 still works.
    const digest = createHash('sha256').update('still').digest().toString('base64');
    expect((await card('sign', '--token', 'CARD-162', '--hash', digest, '--hash-function', 'SHA-256', '--pin2', PIN2)).status).toBe(0);
  }, 120_000);

  it('asks which card when several are present and none is named', async () => {
    expect(tokenLabels().filter((l) => l.endsWith(' (PIN2)'))).toHaveLength(3);
    const { status, body } = await card('get-signing-certificate');
    expect(status).toBe(1);
    expect(body.error).toMatchObject({ code: 'card-ambiguous', cards: ['CARD-160', 'CARD-161', 'CARD-162'] });
  });
});
