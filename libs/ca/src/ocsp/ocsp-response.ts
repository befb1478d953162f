import { signatureAlgorithmIdentifier } from '../der/algorithm-identifier';
import { enumerated, explicit, generalizedTime, implicitConstructed, sequence, Tag } from '../der/der-writer';
import type { SigningKey } from '@theqa/keys';
import { isRevocationReason, type OcspCertStatus } from './certificate-status';
import { encodeDerTree, tlvNode, type DerNode } from './der-tree';
import { OCSP_RESPONSE_STATUS, type OcspErrorStatus } from './ocsp-errors';
import { OID_DER } from './ocsp-oids';

export interface SingleResponse {
  /** The CertID as the client sent it: clients look their certificate up by these bytes. */
  certIdDer: Buffer;
  status: OcspCertStatus;
  thisUpdate: Date;
  nextUpdate: Date;
}

export interface OcspSigner {
  key: SigningKey;
  /** The delegated responder certificate (issued by the CA, EKU OCSPSigning): included so clients can verify. */
  certificateDer: Buffer;
}

export interface BasicOcspResponseInput {
  responder: OcspSigner;
  /** SHA-1 of the responder's public key bits: ResponderID byKey, shorter than byName and unambiguous. */
  responderKeyHash: Buffer;
  producedAt: Date;
  responses: SingleResponse[];
  /** extnValue content of the request's nonce, echoed as is. */
  nonce?: Buffer;
}

const GOOD = Buffer.from([0x80, 0x00]); // good [0] IMPLICIT NULL
const UNKNOWN = Buffer.from([0x82, 0x00]); // unknown [2] IMPLICIT NULL
const SUCCESSFUL = enumerated(OCSP_RESPONSE_STATUS.successful);
const NO_UNUSED_BITS = Buffer.from([0]);

/** A signed, successful OCSPResponse carrying a BasicOCSPResponse (RFC 6960 §4.2.1). Times are GeneralizedTime. */
export async function encodeBasicOcspResponse(input: BasicOcspResponseInput): Promise<Buffer> {
  const tbsResponseData = encodeResponseData(input);
  const { key, certificateDer } = input.responder;
  const signature = await key.sign(tbsResponseData);
  return encodeDerTree(
    tlvNode(Tag.SEQUENCE, SUCCESSFUL, tlvNode(0xa0, tlvNode(Tag.SEQUENCE, OID_DER.ocspBasic,
      tlvNode(Tag.OCTET_STRING, tlvNode(Tag.SEQUENCE,
        tbsResponseData,
        signatureAlgorithmIdentifier(key.signatureAlgorithm),
        tlvNode(Tag.BIT_STRING, NO_UNUSED_BITS, signature),
        tlvNode(0xa0, tlvNode(Tag.SEQUENCE, certificateDer)), // certs [0] EXPLICIT SEQUENCE OF Certificate
      )),
    ))),
  );
}

/** ResponseData: what the signature covers, hence why a nonce forces a fresh signature. */
export function encodeResponseData(input: Omit<BasicOcspResponseInput, 'responder'>): Buffer {
  if (input.responderKeyHash.length !== 20) throw new RangeError('responderKeyHash must be a SHA-1 hash');
  if (input.responses.length === 0) throw new RangeError('a response needs at least one SingleResponse');
  const times = new TimeEncoder();
  const parts: DerNode[] = [
    tlvNode(0xa2, tlvNode(Tag.OCTET_STRING, input.responderKeyHash)), // ResponderID byKey [2]
    times.encode(input.producedAt),
    tlvNode(Tag.SEQUENCE, ...input.responses.map((response) => singleResponse(response, times))),
  ];
  if (input.nonce) {
    // responseExtensions [1] EXPLICIT Extensions: one Extension, the nonce, its extnValue echoed
    parts.push(tlvNode(0xa1, tlvNode(Tag.SEQUENCE, tlvNode(Tag.SEQUENCE, OID_DER.ocspNonce, tlvNode(Tag.OCTET_STRING, input.nonce)))));
  }
  return encodeDerTree(tlvNode(Tag.SEQUENCE, ...parts));
}

function singleResponse(response: SingleResponse, times: TimeEncoder): DerNode {
  if (!(response.nextUpdate > response.thisUpdate)) throw new RangeError('nextUpdate must follow thisUpdate');
  return tlvNode(
    Tag.SEQUENCE,
    response.certIdDer,
    encodeStatus(response.status),
    times.encode(response.thisUpdate),
    tlvNode(0xa0, times.encode(response.nextUpdate)),
  );
}

/** producedAt, thisUpdate and nextUpdate repeat across a response: each distinct time is encoded once. */
class TimeEncoder {
  private readonly encoded = new Map<number, Buffer>();
  encode(date: Date): Buffer {
    let der = this.encoded.get(date.getTime());
    if (!der) this.encoded.set(date.getTime(), (der = generalizedTime(date)));
    return der;
  }
}

function encodeStatus(status: OcspCertStatus): Buffer {
  switch (status.kind) {
    case 'good':
      return GOOD;
    case 'unknown':
      return UNKNOWN;
    case 'revoked': {
      const time = generalizedTime(status.revokedAt);
      if (status.reason === undefined) return implicitConstructed(1, time);
      if (!isRevocationReason(status.reason)) throw new RangeError(`not a revocation reason: ${status.reason}`);
      return implicitConstructed(1, Buffer.concat([time, explicit(0, enumerated(status.reason))]));
    }
  }
}

const ERRORS = Object.fromEntries(
  (Object.keys(OCSP_RESPONSE_STATUS) as (keyof typeof OCSP_RESPONSE_STATUS)[])
    .filter((name): name is OcspErrorStatus => name !== 'successful')
    .map((name) => [name, sequence(enumerated(OCSP_RESPONSE_STATUS[name]))]),
) as Record<OcspErrorStatus, Buffer>;

/** An unsuccessful OCSPResponse: the status alone, unsigned (RFC 6960 §2.3). */
export function encodeOcspError(status: OcspErrorStatus): Buffer {
  const encoded = ERRORS[status];
  if (!encoded) throw new RangeError(`not an OCSP error status: ${String(status)}`);
  return Buffer.from(encoded); // a copy: callers may own and mutate what they get
}
