import 'reflect-metadata';
import { ProblemException } from '@theqa/http-shell';
import { plainlyValid, validIssueCertificateBody } from './issue-certificate-body';

const valid = () => ({
  csr: 'MIIBHjCBxQIBADA',
  profile: 'device-authentication',
  identity: { civil_number: '12345678', given_name: 'Salim', surname: 'Al Harthy' } as Record<string, unknown>,
});

/** Bodies around the valid one: every field missing, mistyped, at and over its bounds, and extra. */
function variants(): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [['valid', valid()]];
  const values = [undefined, null, '', ' ', 'x', 'a'.repeat(64), 'a'.repeat(65), '😀'.repeat(40), 12345678, true, [], {}, ['a'], '123456', '1234567890123', '12345', 'Abc', 'ab', 'a-b', '2030-01-01', '2030-01-01T00:00:00Z', '2030-13-01', '20300101'];
  for (const field of ['csr', 'profile', 'identity', 'card_expiry', 'extra']) {
    for (const value of values) out.push([`${field}=${JSON.stringify(value)}`, { ...valid(), [field]: value }]);
  }
  for (const field of ['civil_number', 'given_name', 'surname', 'full_name', 'extra']) {
    for (const value of values) {
      const body = valid();
      body.identity = { ...body.identity, [field]: value };
      out.push([`identity.${field}=${JSON.stringify(value)}`, body]);
    }
  }
  out.push(['csr at its limit', { ...valid(), csr: 'A'.repeat(16_384) }], ['csr over its limit', { ...valid(), csr: 'A'.repeat(16_385) }]);
  out.push(['an array', [valid()]], ['empty', {}], ['__proto__ key', JSON.parse('{"__proto__": {"x": 1}, "csr": "A", "profile": "device-authentication", "identity": {}}')]);
  return out;
}

describe('the fast validation of POST /ca/certificates bodies', () => {
  it.each(variants())('%s: accepted quickly only if the Nest ValidationPipe accepts it too, refused exactly as it refuses', async (_label, body) => {
    const viaPipe = await validIssueCertificateBody(structuredClone(body === undefined ? {} : body)).then(
      () => 'accepted',
      (error: unknown) => error,
    );
    if (plainlyValid(structuredClone(body))) expect(viaPipe).toBe('accepted');
    if (viaPipe !== 'accepted') expect(viaPipe).toBeInstanceOf(ProblemException);
  });

  it('takes the ordinary body as it is, and full_name or card_expiry when well formed', () => {
    expect(plainlyValid(valid())).toBe(true);
    expect(plainlyValid({ ...valid(), card_expiry: '2030-01-31' })).toBe(true);
    expect(plainlyValid({ ...valid(), identity: { ...valid().identity, full_name: 'Salim Nasser Al Harthy' } })).toBe(true);
  });
});
