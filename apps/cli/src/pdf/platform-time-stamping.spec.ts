import * as asn1js from 'asn1js';
import { timeStampNonce } from './platform-time-stamping';

describe('the nonce of a time-stamp request', () => {
  it('is always a positive INTEGER in minimal DER, as the TSA requires (10,000 draws)', () => {
    for (let i = 0; i < 10_000; i++) {
      const nonce = timeStampNonce();
      expect(nonce).toHaveLength(8);
      expect(nonce[0]).toBeGreaterThanOrEqual(0x01);
      expect(nonce[0]).toBeLessThanOrEqual(0x7f);
      const encoded = Buffer.from(new asn1js.Integer({ valueHex: new Uint8Array(nonce) }).toBER());
      expect(encoded.subarray(2)).toEqual(nonce);
    }
  });
});
