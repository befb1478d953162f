import { createHash, createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import {
  answerSigningBytes,
  buildDeviceKeyRequest,
  decodeChallenge,
  pinProofMessage,
  toBase64url,
  toPem,
  DEVICE_PROTOCOL_VERSION,
  type DeviceAnswer,
  type DeviceChallenge,
} from '@theqa/device-protocol';

/** A fresh P-256 key made here, on the device: its private half never leaves the wallet. */
export function makeDeviceKey(): { privateKey: KeyObject; pkcs8: Buffer; spki: Buffer } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, pkcs8: privateKey.export({ type: 'pkcs8', format: 'der' }), spki: publicKey.export({ type: 'spki', format: 'der' }) };
}

export async function deviceKeyRequestPem(privateKey: KeyObject, spki: Buffer): Promise<string> {
  const der = await buildDeviceKeyRequest(spki, (data) => sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
  return toPem('CERTIFICATE REQUEST', der);
}

export function pinProof(civilNumber: string, pin: string): string {
  return createHash('sha256').update(pinProofMessage(civilNumber, pin)).digest('base64url');
}

export function privateKeyFrom(pkcs8: Buffer): KeyObject {
  return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
}

/** Decodes what the server sent (refusing anything malformed), then signs exactly those bytes. */
export function answerChallenge(input: {
  payload: string;
  deviceSerial: string;
  privateKey: KeyObject;
  decision: 'approve' | 'deny';
  pinProof?: string;
  newPinProof?: string;
  /** A browser login: the verification code the person picked. */
  code?: string;
  /** A signing request: the signing key's signature of the signed attributes (base64url). */
  documentSignature?: string;
}): { challenge: DeviceChallenge; answer: DeviceAnswer } {
  const challenge = decodeChallenge(input.payload);
  const unsigned = {
    v: DEVICE_PROTOCOL_VERSION,
    challenge: input.payload,
    device: input.deviceSerial,
    decision: input.decision,
    ...(input.pinProof ? { pin_proof: input.pinProof } : {}),
    ...(input.newPinProof ? { new_pin_proof: input.newPinProof } : {}),
    ...(input.code ? { code: input.code } : {}),
    ...(input.documentSignature ? { document_signature: input.documentSignature } : {}),
  } as const;
  const signature = sign('sha256', answerSigningBytes(unsigned), { key: input.privateKey, dsaEncoding: 'ieee-p1363' });
  return { challenge, answer: { ...unsigned, signature: toBase64url(signature) } };
}
