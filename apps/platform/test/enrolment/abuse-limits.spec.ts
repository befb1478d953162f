import { randomBytes } from 'node:crypto';
import { decodeChallenge, deviceSerialFrom } from '@theqa/device-protocol';
import type { RegistryPerson } from '@theqa/integrations';
import { EnrolmentHarness, TestDevice } from './enrolment-harness';

/**
 * Enumeration and abuse (issue 11): the device routes do not tell which serials are registered, the
 * enrolment routes do not tell who is; asking for challenges, starting journeys, face attempts and SMS
 * sends are limited in PostgreSQL per person, per device and per caller's address, across journeys.
 * Over a real socket, each caller's address given by X-Forwarded-For (the platform trusts a proxy on
 * loopback only), on the test run's database (PGlite, or PostgreSQL under tools/ci/with-postgres.sh).
 */
describe('enumeration and abuse limits', () => {
  const harness = new EnrolmentHarness({ poolSize: 20 });
  let persons: RegistryPerson[];
  let baseUrl: string;
  const nextPerson = () => persons.shift()!;
  /** Addresses of this suite only (198.18.0.0/15, for benchmarks): each test its own block. */
  let block = 0;
  const addresses = () => {
    const b = ++block;
    let n = 0;
    return () => `198.18.${b}.${++n}`;
  };
  const unknownSerial = () => deviceSerialFrom(randomBytes(8));

  interface Answer {
    status: number;
    headers: Headers;
    body: Record<string, any>;
  }
  const call = async (path: string, options: { address: string; body?: unknown; token?: string; method?: string }): Promise<Answer> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: options.method ?? 'POST',
      headers: {
        'x-forwarded-for': options.address,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  };
  const askChallenge = (serial: string, purpose: string, address: string) => call(`/devices/${serial}/challenges`, { address, body: { purpose } });
  const cardOf = async (civilNumber: string) => (await harness.http().get(`/dev/card/${civilNumber}`).expect(200)).body;
  const startJourney = (card: unknown, address: string) => call('/enrolment/journeys', { address, body: { card, device: { platform: 'test', name: 'Test phone' } } });
  /** The answer without what differs on every request (the request id). */
  const comparable = (answer: Answer) => {
    const { instance: _instance, ...body } = answer.body;
    return { status: answer.status, body };
  };
  const expectTooMany = (answer: Answer) => {
    expect(answer.status).toBe(429);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(answer.body).toMatchObject({ type: 'urn:theqa:problem:rate-limited', status: 429, code: 'rate-limited', retry_after: Number(answer.headers.get('retry-after')) });
    expect(answer.body.titles.ar).toMatch(/[\u0600-\u06FF]/);
    expect(answer.body.titles.en).toMatch(/too many/i);
  };
  /** Walks a registration journey, each step from `address`, up to (not through) `until`. */
  const journeyTo = async (person: RegistryPerson, until: 'face' | 'otp', address: string) => {
    const started = await startJourney(await cardOf(person.civil_number), address);
    expect(started.status).toBe(201);
    const token: string = started.body.journey_token;
    expect((await call('/enrolment/journeys/current/contact', { address, token, body: { email: 'person@example.com', phone: person.phone_number } })).status).toBe(200);
    expect((await call('/enrolment/journeys/current/terms', { address, token, body: { version: (await harness.http().get('/enrolment/terms')).body.version } })).status).toBe(200);
    if (until === 'otp') expect((await call('/enrolment/journeys/current/face', { address, token, body: { selfie: await harness.selfieOf(person.civil_number) } })).status).toBe(200);
    return token;
  };
  /** Lets the wallet ask for another code at once (as if the minute between sends had passed). */
  const backdateLastSend = async (civilNumber: string) => {
    await harness.database.dataSource.query(
      `UPDATE identity_journey SET state = jsonb_set(state, '{otp,lastSentAt}', to_jsonb('2000-01-01T00:00:00.000Z'::text)) WHERE civil_number = $1 AND status = 'open'`,
      [civilNumber],
    );
  };
  const revoke = (serial: string) => harness.database.dataSource.query(`UPDATE identity_device SET status = 'revoked' WHERE serial = $1`, [serial]);

  beforeAll(async () => {
    await harness.open();
    persons = harness.persons().slice(32, 46); // no other suite registers these (EnrolmentHarness.persons)
    await harness.app.listen(0, '127.0.0.1');
    baseUrl = (await harness.app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => harness.close());

  describe('the device routes do not tell which serials are registered', () => {
    it('an unknown, a removed and an active serial get the same answer to a challenge request, for every purpose (unseal too)', async () => {
      const person = nextPerson();
      const active = new TestDevice('739104', { unsealing: true });
      const removed = new TestDevice();
      await harness.register(person, active);
      await harness.register(person, removed);
      await revoke(removed.serial);
      const from = addresses();
      for (const purpose of ['device-status', 'pin-check', 'pin-change', 'unseal']) {
        const shapes = [];
        for (const serial of [unknownSerial(), removed.serial, active.serial]) {
          const answer = await askChallenge(serial, purpose, from());
          expect({ serial, status: answer.status }).toEqual({ serial, status: 201 });
          const challenge = decodeChallenge(answer.body.payload);
          expect(answer.body.challenge).toEqual(challenge);
          expect(challenge).toMatchObject({ device: serial, purpose });
          const { id: _id, nonce: _nonce, device: _device, issued_at: _issued, expires_at: _expires, ...fixed } = challenge;
          shapes.push({ keys: Object.keys(answer.body).sort(), challengeKeys: Object.keys(challenge).sort(), fixed, contentType: answer.headers.get('content-type') });
        }
        expect(shapes[1]).toEqual(shapes[0]);
        expect(shapes[2]).toEqual(shapes[0]);
      }
    });

    it('answers and notification reads: a stranger hears the same for an unknown, a removed and an active serial; only the device itself learns it was removed', async () => {
      const person = nextPerson();
      const active = new TestDevice('739104', { unsealing: true });
      const removed = new TestDevice('739104', { unsealing: true });
      await harness.register(person, active);
      await harness.register(person, removed);
      await revoke(removed.serial);
      const from = addresses();
      const stranger = new TestDevice('739104', { unsealing: true });
      const strangersAnswers: Answer[] = [];
      const strangersUnseals: Answer[] = [];
      const strangersReads: Answer[] = [];
      for (const serial of [unknownSerial(), removed.serial, active.serial]) {
        stranger.serial = serial;
        const check = (await askChallenge(serial, 'pin-check', from())).body.payload;
        strangersAnswers.push(await call('/devices/answers', { address: from(), body: stranger.answer(check, { pin_proof: stranger.pinProof(person.civil_number) }) }));
        const unseal = (await askChallenge(serial, 'unseal', from())).body.payload;
        strangersUnseals.push(await call('/devices/unseal', { address: from(), body: stranger.answer(unseal, { pin_proof: stranger.pinProof(person.civil_number) }, stranger.unsealKey!.privateKey) }));
        strangersReads.push(await call(stranger.notificationsPath('0'), { address: from(), method: 'GET' }));
      }
      for (const answers of [strangersAnswers, strangersUnseals]) {
        expect(comparable(answers[0])).toMatchObject({ status: 400, body: { code: 'answer-invalid' } });
        expect(comparable(answers[1])).toEqual(comparable(answers[0]));
        expect(comparable(answers[2])).toEqual(comparable(answers[0]));
      }
      expect(comparable(strangersReads[0])).toMatchObject({ status: 401, body: { code: 'device-signature-invalid' } });
      expect(comparable(strangersReads[1])).toEqual(comparable(strangersReads[0]));
      expect(comparable(strangersReads[2])).toEqual(comparable(strangersReads[0]));

      // The removed device itself, signing with its own key, is told.
      const own = (await askChallenge(removed.serial, 'device-status', from())).body.payload;
      expect(comparable(await call('/devices/answers', { address: from(), body: removed.answer(own) }))).toMatchObject({ status: 403, body: { code: 'device-revoked' } });
      expect((await call(removed.notificationsPath('0'), { address: from(), method: 'GET' })).body.code).toBe('device-revoked');
    });
  });

  describe('challenge requests are limited in PostgreSQL per serial and per address', () => {
    it('per serial: the 31st in a minute is 429 with Retry-After, from any address, registered or not', async () => {
      const person = nextPerson();
      const device = new TestDevice();
      await harness.register(person, device);
      const from = addresses();
      for (const serial of [device.serial, unknownSerial()]) {
        for (let i = 0; i < 30; i++) expect((await askChallenge(serial, i % 2 ? 'unseal' : 'device-status', from())).status).toBe(201);
        expectTooMany(await askChallenge(serial, 'unseal', from()));
        expectTooMany(await askChallenge(serial, 'pin-check', from()));
      }
    });

    it('per address: 200 at once from one address, each for another serial: exactly 120 are answered, the rest 429; another address is still served', async () => {
      const from = addresses();
      const address = from();
      const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => askChallenge(unknownSerial(), i % 2 ? 'pin-check' : 'unseal', address)));
      expect(answers.filter((a) => a.status === 201)).toHaveLength(120);
      const refused = answers.filter((a) => a.status === 429);
      expect(refused).toHaveLength(80);
      expectTooMany(refused[0]);
      expect((await askChallenge(unknownSerial(), 'pin-check', from())).status).toBe(201);
    });
  });

  describe('journeys are limited per person, per device and per address, across journeys', () => {
    it('100 registration starts at once with one person’s card, each from its own address: exactly 10 journeys, the rest 429', async () => {
      const person = nextPerson();
      const card = await cardOf(person.civil_number);
      const from = addresses();
      const answers = await Promise.all(Array.from({ length: 100 }, () => startJourney(card, from())));
      expect(answers.filter((a) => a.status === 201)).toHaveLength(10);
      const refused = answers.filter((a) => a.status !== 201);
      expect(refused).toHaveLength(90);
      expectTooMany(refused[0]);
      const [{ count }] = await harness.database.dataSource.query(`SELECT count(*)::int AS count FROM identity_journey WHERE civil_number = $1`, [person.civil_number]);
      expect(count).toBe(10);
    });

    it('per address: the 121st start in a minute is 429 before the card is even read', async () => {
      const person = nextPerson();
      const from = addresses();
      const address = from();
      for (let i = 0; i < 120; i++) expect((await startJourney({ format: 'garbage' }, address)).body.code).toBe('card-data-invalid');
      expectTooMany(await startJourney(await cardOf(person.civil_number), address));
      expect((await startJourney(await cardOf(person.civil_number), from())).status).toBe(201);
    });

    it('face attempts per civil number: a new journey does not restart the count; the 11th attempt of the day is 429', async () => {
      const person = nextPerson();
      const from = addresses();
      const impostor = await harness.impostorSelfieOf(person.civil_number);
      let attempts = 0;
      for (const tries of [3, 3, 3, 1]) {
        const token = await journeyTo(person, 'face', from());
        for (let i = 0; i < tries; i++) {
          const answer = await call('/enrolment/journeys/current/face', { address: from(), token, body: { selfie: impostor } });
          attempts += 1;
          expect({ attempts, status: answer.status }).toEqual({ attempts, status: i === 2 ? 403 : 422 });
        }
        if (tries === 1) {
          // The 11th, with the person's own face: refused before it is compared.
          expectTooMany(await call('/enrolment/journeys/current/face', { address: from(), token, body: { selfie: await harness.selfieOf(person.civil_number) } }));
        }
      }
      expect(await harness.smsOutbox.latestFor(person.phone_number)).toBeUndefined();
    });

    it('SMS sends per civil number: three journeys of three codes each, then the 11th code of the day is 429', async () => {
      const person = nextPerson();
      const from = addresses();
      for (let journey = 0; journey < 4; journey++) {
        const token = await journeyTo(person, 'otp', from());
        const resends = journey < 3 ? 2 : 1;
        for (let resend = 0; resend < resends; resend++) {
          await backdateLastSend(person.civil_number);
          const answer = await call('/enrolment/journeys/current/otp/resend', { address: from(), token });
          if (journey === 3) expectTooMany(answer);
          else expect(answer.status).toBe(200);
        }
      }
      expect(await harness.smsOutbox.list(person.phone_number, 100)).toHaveLength(10);
    });

    it('PIN reset: the 6th start for one device in a day is 429; face attempts are counted per device too', async () => {
      const person = nextPerson();
      const first = new TestDevice();
      const second = new TestDevice();
      await harness.register(person, first);
      await harness.register(person, second);
      const from = addresses();
      const startReset = (device: TestDevice) => call('/enrolment/pin-reset', { address: from(), body: { civil_number: person.civil_number, device: device.serial } });
      const impostor = await harness.impostorSelfieOf(person.civil_number);
      const faceAttempt = (token: string) => call('/enrolment/pin-reset/current/face', { address: from(), token, body: { selfie: impostor } });

      // Six wrong faces on the first device, over two journeys: its seventh attempt is refused…
      for (let journey = 0; journey < 2; journey++) {
        const started = await startReset(first);
        expect(started.status).toBe(201);
        for (let i = 0; i < 3; i++) expect((await faceAttempt(started.body.journey_token)).status).toBe(i === 2 ? 403 : 422);
      }
      const third = await startReset(first);
      expect(third.status).toBe(201);
      expectTooMany(await faceAttempt(third.body.journey_token));
      // …while the person's other device may still try (7 of the person's 10 attempts).
      const other = await startReset(second);
      expect(other.status).toBe(201);
      expect((await faceAttempt(other.body.journey_token)).status).toBe(422);

      for (let i = 0; i < 2; i++) expect((await startReset(first)).status).toBe(201);
      expectTooMany(await startReset(first));
    });
  });

  describe('nothing else tells who is registered', () => {
    it('a PIN-reset start: an unknown serial, another person’s device and a removed device get the same answer', async () => {
      const person = nextPerson();
      const other = nextPerson();
      const active = new TestDevice();
      const removed = new TestDevice();
      await harness.register(person, active);
      await harness.register(person, removed);
      await revoke(removed.serial);
      const from = addresses();
      const refusals = [
        await call('/enrolment/pin-reset', { address: from(), body: { civil_number: person.civil_number, device: unknownSerial() } }),
        await call('/enrolment/pin-reset', { address: from(), body: { civil_number: other.civil_number, device: active.serial } }),
        await call('/enrolment/pin-reset', { address: from(), body: { civil_number: person.civil_number, device: removed.serial } }),
      ];
      expect(comparable(refusals[0])).toMatchObject({ status: 404, body: { code: 'device-unknown' } });
      expect(comparable(refusals[1])).toEqual(comparable(refusals[0]));
      expect(comparable(refusals[2])).toEqual(comparable(refusals[0]));
    });

    it('a registration start: the same answer for a registered and an unregistered person', async () => {
      const registered = nextPerson();
      const unregistered = nextPerson();
      await harness.register(registered, new TestDevice());
      const from = addresses();
      const shapes = [];
      for (const person of [registered, unregistered]) {
        const answer = await startJourney(await cardOf(person.civil_number), from());
        expect(answer.status).toBe(201);
        const { journey_token: token, step_expires_at: _deadline, person: holder, phone_on_record: masked, ...rest } = answer.body;
        expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(holder.civil_number).toBe(person.civil_number);
        expect(masked).toMatch(new RegExp(`${person.phone_number.slice(-2)}$`));
        shapes.push({ keys: Object.keys(answer.body).sort(), holderKeys: Object.keys(holder).sort(), rest });
      }
      expect(shapes[1]).toEqual(shapes[0]);
    });
  });
});
