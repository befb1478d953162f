import { generateKeyPairSync, KeyObject, randomBytes, sign, verify, webcrypto } from 'node:crypto';
import { csrBytes } from '@theqa/ca';

/**
 * The cost of the cryptography alone for one certificate, with no CA logic around it: import the
 * request's P-256 key by the cheapest validating route Node 20 has (WebCrypto raw: on-curve and quick
 * public check), verify the request's signature, sign a certificate-sized TBS. No certificate issuer on
 * Node 20's OpenSSL 3.0 can beat this figure from one core.
 */
export function issuanceFloor(csrs: Buffer[]) {
  const issuerKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const tbs = randomBytes(700);
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
  // Split each request once, before timing: [CertificationRequestInfo, point, signature] at fixed offsets
  // for these requests (checked by verification succeeding).
  const parts = csrs.map((der) => splitRequest(csrBytes(der)));
  return async (index: number) => {
    const { info, point, signature } = parts[index];
    const key = KeyObject.from(await webcrypto.subtle.importKey('raw', point, algorithm, true, ['verify']));
    if (!verify('sha256', info, { key, dsaEncoding: 'der' }, signature)) throw new Error('floor: request does not verify');
    return sign('sha256', tbs, { key: issuerKey, dsaEncoding: 'der' });
  };
}

function splitRequest(der: Buffer): { info: Buffer; point: Buffer; signature: Buffer } {
  // SEQUENCE { info SEQUENCE, algorithm SEQUENCE, signature BIT STRING }, lengths < 64 KiB.
  const lengthAt = (offset: number) => (der[offset + 1] < 0x80 ? [2, der[offset + 1]] : der[offset + 1] === 0x81 ? [3, der[offset + 2]] : [4, der.readUInt16BE(offset + 2)]);
  const [rootHeader] = lengthAt(0);
  const [infoHeader, infoLength] = lengthAt(rootHeader);
  const info = der.subarray(rootHeader, rootHeader + infoHeader + infoLength);
  const spkiOid = info.indexOf(Buffer.from('06072a8648ce3d0201', 'hex'));
  const point = info.subarray(info.indexOf(Buffer.from('034200', 'hex'), spkiOid) + 3).subarray(0, 65);
  let at = rootHeader + infoHeader + infoLength;
  const [algorithmHeader, algorithmLength] = lengthAt(at);
  at += algorithmHeader + algorithmLength;
  const [bitsHeader, bitsLength] = lengthAt(at);
  return { info, point, signature: der.subarray(at + bitsHeader + 1, at + bitsHeader + bitsLength) };
}
