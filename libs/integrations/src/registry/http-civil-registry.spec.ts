import { createHash } from 'node:crypto';
import { ANIL, SALIM } from '../../test/registry-persons';
import { hang, json, problem, raw, ScriptedServer } from '../../test/scripted-server';
import { HttpCivilRegistry, PERSON_UNKNOWN_PROBLEM } from './http-civil-registry';

const FAST = { token: 'registry-token', timeoutMs: 300, retries: 1, backoffMs: 5 };
const unknownPerson = problem(404, { type: PERSON_UNKNOWN_PROBLEM, title: 'No such person' });

describe('HttpCivilRegistry', () => {
  let server: ScriptedServer;
  let registry: HttpCivilRegistry;

  beforeAll(async () => {
    server = await ScriptedServer.start();
    registry = new HttpCivilRegistry({ ...FAST, baseUrl: server.url });
  });
  afterAll(() => server.close());

  it('reads a person’s record, every field checked, members the contract does not name left out', async () => {
    server.script(json(200, { ...SALIM, internal_flags: ['x'] }));
    await expect(registry.findPerson('12345678')).resolves.toEqual(SALIM);
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/api/v1/persons/12345678' });
    expect(server.requests[0].headers.authorization).toBe('Bearer registry-token');
    server.script(json(200, ANIL));
    await expect(registry.findPerson('10000006')).resolves.toEqual(ANIL);
  });

  it('answers undefined for a person the registry says it does not know, and checks the civil number first', async () => {
    server.script(unknownPerson);
    await expect(registry.findPerson('99999999')).resolves.toBeUndefined();
    server.requests.length = 0;
    await expect(registry.findPerson('12 34')).rejects.toMatchObject({ code: 'civil-number-invalid' });
    expect(server.requests).toHaveLength(0);
  });

  it('never takes any other 404 (a wrong base URL, a proxy’s page) for an unknown person', async () => {
    server.script(raw(404, 'text/html', '<h1>Not Found</h1>'));
    await expect(registry.findPerson('12345678')).rejects.toMatchObject({ code: 'registry-rejected', details: { status: 404 } });
    server.script(problem(404, { type: 'urn:theqa:problem:not-found' }));
    await expect(registry.findPerson('12345678')).rejects.toMatchObject({ code: 'registry-rejected' });
  });

  it.each([
    ['a field missing', { ...SALIM, date_of_death: undefined }, 'date_of_death must be present (null where it does not apply)'],
    ['an unknown card status', { ...SALIM, card_status: 'lost' }, 'card_status must be one of valid, expired, cancelled'],
    ['an impossible date', { ...SALIM, date_of_birth: '1988-02-30' }, 'date_of_birth must be a date YYYY-MM-DD'],
    ['half a bilingual text', { ...SALIM, occupation: { en: 'Engineer' } }, 'occupation.ar must be a non-empty text'],
    ['another person', { ...SALIM, civil_number: '12345679' }, 'civil_number must be the civil number asked for (12345678)'],
    ['a photo hash in capitals', { ...SALIM, photo: { ...SALIM.photo, sha256: SALIM.photo.sha256.toUpperCase() } }, 'photo.sha256 must be a lowercase hex SHA-256'],
    ['an array', [SALIM], 'the record must be a JSON object'],
  ])('refuses a record with %s as an invalid answer naming the field', async (_, record, message) => {
    server.script(json(200, record));
    await expect(registry.findPerson('12345678')).rejects.toMatchObject({ code: 'registry-answer-invalid', message: `the civil registry answered with an invalid record: ${message}` });
  });

  it('reads a card’s status, and “unknown” for a serial not issued or a person not known', async () => {
    server.script(json(200, { civil_number: '12345678', card_serial_number: 'MA6438977', status: 'valid', card_expiry_date: '2028-10-10' }));
    await expect(registry.cardStatus('12345678', 'MA6438977')).resolves.toEqual({ civilNumber: '12345678', cardSerial: 'MA6438977', status: 'valid', cardExpiryDate: '2028-10-10' });
    expect(server.requests[0].path).toBe('/api/v1/persons/12345678/cards/MA6438977');
    server.script(json(200, { civil_number: '12345678', card_serial_number: 'XX1', status: 'unknown', card_expiry_date: null }));
    await expect(registry.cardStatus('12345678', 'XX1')).resolves.toMatchObject({ status: 'unknown', cardExpiryDate: null });
    server.script(unknownPerson);
    await expect(registry.cardStatus('99999999', 'XX1')).resolves.toMatchObject({ status: 'unknown' });
    server.script(json(200, { civil_number: '12345678', card_serial_number: 'OTHER', status: 'valid', card_expiry_date: '2028-10-10' }));
    await expect(registry.cardStatus('12345678', 'MA6438977')).rejects.toMatchObject({ code: 'registry-answer-invalid' });
  });

  it('does not ask about a serial no registry issues (a damaged or forged chip)', async () => {
    server.script(json(500, {}));
    await expect(registry.cardStatus('12345678', '../../admin')).resolves.toMatchObject({ status: 'unknown' });
    expect(server.requests).toHaveLength(0);
  });

  it('fetches the photo with its media type and hash, and refuses anything but an image', async () => {
    const bytes = Buffer.from('\x89PNG\r\n\x1a\n-a-photo', 'latin1');
    server.script(raw(200, 'image/png', bytes));
    await expect(registry.photo('12345678')).resolves.toEqual({ bytes, mediaType: 'image/png', sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(server.requests[0]).toMatchObject({ path: '/api/v1/persons/12345678/photo' });
    expect(server.requests[0].headers.accept).toMatch(/^image\/\*/);
    server.script(unknownPerson);
    await expect(registry.photo('99999999')).resolves.toBeUndefined();
    server.script(json(200, { photo: 'base64…' }));
    await expect(registry.photo('12345678')).rejects.toMatchObject({ code: 'registry-answer-invalid', message: 'the civil registry answered application/json where a photo was expected' });
  });

  it('is unavailable, with a time to come back, when it does not answer', async () => {
    server.script(hang());
    const error = await registry.findPerson('12345678').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'registry-unavailable', retryable: true, retryAfterSeconds: 30, details: { attempts: 2 } });
    expect(server.requests).toHaveLength(2);
  });
});
