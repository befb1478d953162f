import { createHash } from 'node:crypto';
import { CardError } from './card-error';
import { signedData } from '@theqa/web-eid';
import { assertNonce, assertOrigin, documentHash, jwaAlgorithm } from './web-eid';

const code = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof CardError ? error.code : 'other';
  }
  return 'accepted';
};

describe('the Web eID formats of the card app', () => {
  it('signs hash(origin) ‖ hash(nonce) with the algorithm’s hash, each half of fixed length', () => {
    const input = signedData('ES256', 'https://ria.ee', '12345678901234567890123456789012345678901234');
    expect(input).toEqual(Buffer.concat([createHash('sha256').update('https://ria.ee').digest(), createHash('sha256').update('12345678901234567890123456789012345678901234').digest()]));
    // Field separation: the same concatenated text split differently is another input.
    expect(signedData('ES256', 'https://example.com', '.eu' + 'x'.repeat(44)).equals(signedData('ES256', 'https://example.com.eu', 'x'.repeat(44)))).toBe(false);
    expect(signedData('ES384', 'https://ria.ee', 'n'.repeat(44))).toHaveLength(96);
    expect(jwaAlgorithm('ec-p256')).toEqual({ name: 'ES256', hash: 'sha256' });
    expect(jwaAlgorithm('ec-p384')).toEqual({ name: 'ES384', hash: 'sha384' });
  });

  it.each([
    ['https://login.theqa.om', 'accepted'],
    ['https://login.theqa.om:8443', 'accepted'],
    ['http://localhost:3000', 'accepted'],
    ['http://login.theqa.om', 'origin-invalid'],
    ['https://login.theqa.om/', 'origin-invalid'],
    ['https://login.theqa.om/login', 'origin-invalid'],
    ['login.theqa.om', 'origin-invalid'],
    ['https://user@login.theqa.om', 'origin-invalid'],
  ])('origin %s: %s', (origin, expected) => expect(code(() => assertOrigin(origin))).toBe(expected));

  it.each([
    ['a'.repeat(43), 'nonce-invalid'],
    ['a'.repeat(44), 'accepted'],
    ['a'.repeat(128), 'accepted'],
    ['a'.repeat(129), 'nonce-invalid'],
    ['a'.repeat(43) + ' ', 'nonce-invalid'],
  ])('nonce of %#: %s', (nonce, expected) => expect(code(() => assertNonce(nonce))).toBe(expected));

  it('takes a document hash as strict base64 of the function’s length', () => {
    const sha256 = createHash('sha256').update('x').digest();
    expect(documentHash(sha256.toString('base64'), 'SHA-256').hash).toEqual(sha256);
    expect(code(() => documentHash(sha256.toString('base64'), 'SHA-384'))).toBe('hash-invalid');
    expect(code(() => documentHash(sha256.toString('base64url'), 'SHA-256'))).toBe('hash-invalid');
    expect(code(() => documentHash(sha256.toString('base64'), 'MD5'))).toBe('hash-function-unsupported');
  });
});
