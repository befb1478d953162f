/**
 * The signature value as the CMS carries it: RSA PKCS#1 v1.5 as is, ECDSA as a DER Ecdsa-Sig-Value.
 * Devices and key stores often return ECDSA signatures as r ‖ s (IEEE P1363): those are converted.
 * The value is then checked against the certificate, so a wrong key never yields a signed PDF.
 */
import { verify } from 'node:crypto';
import { SigningError } from '../errors';
import type { SignerCertificate } from './signer-certificate';

export function normaliseSignatureValue(signature: Buffer, signer: SignerCertificate): Buffer {
  if (signer.keyType === 'rsa') {
    if (signature.length !== signer.signatureSize) throw new SigningError('signature-malformed', `an RSA signature of ${signature.length} bytes for a ${signer.signatureSize * 8}-bit key`);
    return signature;
  }
  if (isDerEcdsaSignature(signature)) return signature;
  if (signature.length === signer.signatureSize) return p1363ToDer(signature);
  throw new SigningError('signature-malformed', 'the ECDSA signature is neither DER nor r ‖ s of the key\'s size');
}

export function verifySignatureValue(signedAttributes: Buffer, signature: Buffer, signer: SignerCertificate): void {
  const valid = verify('sha256', signedAttributes, { key: signer.publicKey, dsaEncoding: 'der' }, signature);
  if (!valid) throw new SigningError('signature-invalid', 'the signature value does not verify with the signer certificate\'s key over the signed attributes');
}

/** Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }, strictly DER. */
function isDerEcdsaSignature(bytes: Buffer): boolean {
  if (bytes.length < 8 || bytes[0] !== 0x30) return false;
  let at = 2;
  let length = bytes[1];
  if (length === 0x81) {
    length = bytes[2];
    at = 3;
  } else if (length > 0x7f) return false;
  if (at + length !== bytes.length) return false;
  for (let i = 0; i < 2; i++) {
    if (bytes[at] !== 0x02) return false;
    const size = bytes[at + 1];
    if (size === 0 || size > 0x7f || at + 2 + size > bytes.length) return false;
    at += 2 + size;
  }
  return at === bytes.length;
}

function p1363ToDer(signature: Buffer): Buffer {
  const half = signature.length / 2;
  const integer = (value: Buffer) => {
    let start = 0;
    while (start < value.length - 1 && value[start] === 0) start++;
    const trimmed = value.subarray(start);
    const body = trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
    return Buffer.concat([Buffer.from([0x02, body.length]), body]);
  };
  const body = Buffer.concat([integer(signature.subarray(0, half)), integer(signature.subarray(half))]);
  const length = body.length < 0x80 ? Buffer.from([body.length]) : Buffer.from([0x81, body.length]);
  return Buffer.concat([Buffer.from([0x30]), length, body]);
}
