/**
 * RFC 3161 §2.4.1 TimeStampReq parsing. Strict by design: a TSA signs whatever imprint it is given, so
 * anything it cannot read exactly (BER, trailing bytes, weak or unknown hashes) is refused with the
 * PKIFailureInfo the rejection response must carry.
 */
import { children, content, DerError, expectTag, readRoot, type Tlv } from '../der/der-reader';
import { Tag } from '../der/der-writer';
import { TimeStampError } from './failure-info';
import { strictBoolean, strictInteger, strictOid } from './strict-der';
import { hashAlgorithmOfOid, TSA_HASH, type TsaHashAlgorithm } from './tsa-oids';

export interface RequestExtension {
  oid: string;
  critical: boolean;
  /** extnValue content octets. */
  value: Buffer;
}

export interface TimeStampRequest {
  version: 1;
  hashAlgorithm: TsaHashAlgorithm;
  /**
   * How the request encoded the hash AlgorithmIdentifier's parameters. RFC 3161 wants the token's
   * MessageImprint to be the same value as the request's, so the TSTInfo repeats this choice.
   * Absent means 'absent' (RFC 5754's preferred form).
   */
  hashParameters?: 'absent' | 'null';
  messageImprint: Buffer;
  reqPolicy?: string;
  nonce?: bigint;
  certReq: boolean;
  extensions?: RequestExtension[];
}

const IMPLICIT_0_CONSTRUCTED = 0xa0;

export function parseTimeStampRequest(der: Buffer): TimeStampRequest {
  try {
    return parse(der);
  } catch (error) {
    // Framing errors from the reader all mean the same thing to the client.
    if (error instanceof DerError) throw new TimeStampError('badDataFormat', 'malformed TimeStampReq');
    throw error;
  }
}

function parse(der: Buffer): TimeStampRequest {
  const root = expectTag(readRoot(der), Tag.SEQUENCE, 'TimeStampReq');
  const fields = children(der, root);
  let index = 0;
  const next = (tag: number) => (fields[index]?.tag === tag ? fields[index++] : undefined);

  const versionField = expectTag(next(Tag.INTEGER), Tag.INTEGER, 'version');
  if (strictInteger(content(der, versionField)) !== 1n) {
    throw new TimeStampError('badDataFormat', 'unsupported TimeStampReq version');
  }
  const imprint = parseMessageImprint(der, expectTag(next(Tag.SEQUENCE), Tag.SEQUENCE, 'messageImprint'));

  const request: TimeStampRequest = { version: 1, ...imprint, certReq: false };
  const policy = next(Tag.OID);
  if (policy) request.reqPolicy = strictOid(content(der, policy));
  const nonce = next(Tag.INTEGER);
  if (nonce) request.nonce = strictInteger(content(der, nonce));
  const certReq = next(Tag.BOOLEAN);
  // DER would omit a DEFAULT FALSE; an explicit FALSE is still accepted because some clients send it
  // and refusing it protects nothing.
  if (certReq) request.certReq = strictBoolean(content(der, certReq));
  const extensions = next(IMPLICIT_0_CONSTRUCTED);
  if (extensions) request.extensions = parseExtensions(der, extensions);

  if (index !== fields.length) throw new DerError('unexpected field in TimeStampReq');
  return request;
}

function parseMessageImprint(der: Buffer, imprint: Tlv) {
  const [algorithm, hashed, ...rest] = children(der, imprint);
  if (rest.length) throw new DerError('unexpected field in MessageImprint');
  const [algorithmOid, parameters, ...more] = children(der, expectTag(algorithm, Tag.SEQUENCE, 'hashAlgorithm'));
  const hashAlgorithm = hashAlgorithmOfOid(strictOid(content(der, expectTag(algorithmOid, Tag.OID, 'hash OID'))));
  if (!hashAlgorithm) throw new TimeStampError('badAlg', 'unsupported hash algorithm');
  // RFC 5754: SHA-2 parameters are absent or NULL; anything else is not a SHA-2 identifier.
  const nullParameters = parameters?.tag === Tag.NULL && parameters.end === parameters.contentStart;
  if ((parameters && !nullParameters) || more.length) {
    throw new TimeStampError('badAlg', 'unexpected hash algorithm parameters');
  }
  const messageImprint = content(der, expectTag(hashed, Tag.OCTET_STRING, 'hashedMessage'));
  if (messageImprint.length !== TSA_HASH[hashAlgorithm].length) {
    throw new TimeStampError('badDataFormat', `message imprint is not a ${hashAlgorithm} hash`);
  }
  return {
    hashAlgorithm,
    ...(nullParameters ? { hashParameters: 'null' as const } : {}),
    // A copy: the caller's buffer may be pooled and reused after we return.
    messageImprint: Buffer.from(messageImprint),
  };
}

/** Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension (RFC 5280), here as [0] IMPLICIT. */
function parseExtensions(der: Buffer, field: Tlv): RequestExtension[] {
  const items = children(der, field);
  if (items.length === 0) throw new DerError('empty extensions');
  const seen = new Set<string>();
  return items.map((item) => {
    const [idField, second, third, ...rest] = children(der, expectTag(item, Tag.SEQUENCE, 'Extension'));
    const oid = strictOid(content(der, expectTag(idField, Tag.OID, 'extnID')));
    const hasCritical = second?.tag === Tag.BOOLEAN;
    const valueField = expectTag(hasCritical ? third : second, Tag.OCTET_STRING, 'extnValue');
    if (rest.length || (!hasCritical && third)) throw new DerError('unexpected field in Extension');
    if (seen.has(oid)) throw new DerError('duplicate extension');
    seen.add(oid);
    return {
      oid,
      critical: hasCritical ? strictBoolean(content(der, second)) : false,
      value: Buffer.from(content(der, valueField)),
    };
  });
}
