import { ProblemException } from '@theqa/http-shell';
import { IssuanceApiToken } from './issuance-api-token';
import { journeyToken } from './identity/journey-token';

describe('bearer tokens: the scheme in any case (RFC 9110 §11.1)', () => {
  const secret = 'issuance-Token-0123456789abcdef!#$';
  const token = IssuanceApiToken.of(secret);

  it.each(['Bearer', 'bearer', 'BEARER', 'BeArEr'])('the issuance API token after %s', (scheme) => {
    expect(token.accepts(`${scheme} ${secret}`)).toBe(true);
  });

  it('refuses another token, another scheme, or no header', () => {
    expect(token.accepts(`Bearer ${secret}x`)).toBe(false);
    expect(token.accepts(`Basic ${secret}`)).toBe(false);
    expect(token.accepts(undefined)).toBe(false);
  });

  it.each(['Bearer', 'bearer', 'BEARER'])('the enrolment journey token after %s', (scheme) => {
    const journey = 'A'.repeat(21) + '_-' + 'z'.repeat(20);
    expect(journeyToken(`${scheme} ${journey}`)).toBe(journey);
  });

  it('refuses a journey token of another shape with 401', () => {
    expect(() => journeyToken('bearer short')).toThrow(ProblemException);
    expect(() => journeyToken(`Basic ${'A'.repeat(43)}`)).toThrow(ProblemException);
  });
});
