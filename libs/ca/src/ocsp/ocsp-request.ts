import { children, DerError, expectTag, readRoot, readTlv, type Tlv } from '../der/der-reader';
import { Tag } from '../der/der-writer';
import { CERT_ID_HASH_LENGTH, type CertId, type CertIdHashAlgorithm } from './cert-id';
import { OcspRequestError } from './ocsp-errors';
import { OID_DER } from './ocsp-oids';

export interface OcspRequest {
  requests: { certId: CertId }[];
  /** Content octets of the nonce extension's extnValue, to be echoed verbatim (RFC 8954). */
  nonce?: Buffer;
}

export const OCSP_REQUEST_LIMITS = {
  /** CertIDs per request: real clients send one; more is only work for us. */
  maxRequests: 10,
  /** Bytes of DER: a request signed with a certificate chain stays far below this. */
  maxBytes: 16 * 1024,
  /** Octets of a nonce: RFC 8954 caps Nonce at 32. */
  maxNonce: 32,
  /** Octets of a serial number: RFC 5280 §4.1.2.2 caps them at 20, and ours never come near. */
  maxSerial: 20,
} as const;

export interface ParseOcspRequestOptions {
  maxRequests?: number;
}

/**
 * Parses a DER OCSPRequest (RFC 6960 §4.1.1) strictly: every length is checked, nothing may trail,
 * unknown critical extensions are refused. A request signature (optionalSignature) is accepted and
 * ignored: we answer anyone and nothing in the answer depends on who asks.
 * Throws `OcspRequestError` (status malformedRequest, or unauthorized for an unsupported CertID hash).
 */
export function parseOcspRequest(der: Buffer, options: ParseOcspRequestOptions = {}): OcspRequest {
  try {
    return parse(der, options.maxRequests ?? OCSP_REQUEST_LIMITS.maxRequests);
  } catch (error) {
    if (error instanceof DerError) throw new OcspRequestError(error.message);
    throw error;
  }
}

function parse(der: Buffer, maxRequests: number): OcspRequest {
  if (der.length > OCSP_REQUEST_LIMITS.maxBytes) throw new OcspRequestError('request too large');
  const top = children(der, expectTag(readRoot(der), Tag.SEQUENCE, 'OCSPRequest'));
  if (top.length < 1 || top.length > 2) throw new OcspRequestError('OCSPRequest must hold tbsRequest and an optional signature');
  const tbs = expectTag(top[0], Tag.SEQUENCE, 'TBSRequest');
  if (top[1]) explicitSingle(der, expectTag(top[1], 0xa0, 'optionalSignature [0]'), Tag.SEQUENCE);

  const fields = children(der, tbs);
  let at = 0;
  if (fields[at]?.tag === 0xa0) {
    // version is DEFAULT v1, so DER leaves it out; accept an explicit v1 from lax encoders, nothing else.
    const version = explicitSingle(der, fields[at++], Tag.INTEGER);
    if (version.end - version.contentStart !== 1 || der[version.contentStart] !== 0) throw new OcspRequestError('unsupported OCSPRequest version');
  }
  if (fields[at]?.tag === 0xa1) explicitSingle(der, fields[at++]); // requestorName: irrelevant to the answer
  const list = expectTag(fields[at++], Tag.SEQUENCE, 'requestList');
  let nonce: Buffer | undefined;
  if (fields[at]?.tag === 0xa2) nonce = readExtensions(der, fields[at++], true);
  if (at !== fields.length) throw new OcspRequestError('unexpected field in TBSRequest');

  const items = children(der, list);
  if (items.length === 0) throw new OcspRequestError('empty requestList');
  if (items.length > maxRequests) throw new OcspRequestError(`more than ${maxRequests} CertIDs in one request`);
  const requests = items.map((item) => ({ certId: parseSingleRequest(der, item) }));
  return nonce ? { requests, nonce } : { requests };
}

function parseSingleRequest(der: Buffer, item: Tlv): CertId {
  const [certId, extensions, extra] = children(der, expectTag(item, Tag.SEQUENCE, 'Request'));
  if (extra) throw new OcspRequestError('unexpected field in Request');
  if (extensions) readExtensions(der, expectTag(extensions, 0xa0, 'singleRequestExtensions [0]'), false);
  return parseCertId(der, expectTag(certId, Tag.SEQUENCE, 'CertID'));
}

function parseCertId(der: Buffer, certId: Tlv): CertId {
  const fields = children(der, certId);
  if (fields.length !== 4) throw new OcspRequestError('CertID must have four fields');
  const [algorithm, nameHash, keyHash, serial] = fields;
  const params = children(der, expectTag(algorithm, Tag.SEQUENCE, 'hashAlgorithm'));
  const hashOid = expectTag(params[0], Tag.OID, 'hash algorithm OID');
  let hashAlgorithm: CertIdHashAlgorithm;
  if (sameBytes(der, hashOid, OID_DER.sha1)) hashAlgorithm = 'sha1';
  else if (sameBytes(der, hashOid, OID_DER.sha256)) hashAlgorithm = 'sha256';
  // Well-formed, but no issuer is indexed under another hash: we cannot answer authoritatively (§2.3).
  else throw new OcspRequestError('unsupported CertID hash algorithm', 'unauthorized');
  const parameters = params[1];
  if (params.length > 2 || (parameters && (parameters.tag !== Tag.NULL || parameters.contentStart !== parameters.end))) {
    throw new OcspRequestError('hash algorithm parameters must be NULL or absent');
  }

  const issuerNameHash = octets(der, expectTag(nameHash, Tag.OCTET_STRING, 'issuerNameHash'));
  const issuerKeyHash = octets(der, expectTag(keyHash, Tag.OCTET_STRING, 'issuerKeyHash'));
  const length = CERT_ID_HASH_LENGTH[hashAlgorithm];
  if (issuerNameHash.length !== length || issuerKeyHash.length !== length) throw new OcspRequestError(`${hashAlgorithm} CertID hashes must be ${length} octets`);

  return {
    hashAlgorithm,
    hashParameters: parameters ? 'null' : 'absent',
    issuerNameHash,
    issuerKeyHash,
    serial: serialMagnitude(octets(der, expectTag(serial, Tag.INTEGER, 'serialNumber'))),
    der: der.subarray(certId.start, certId.end),
  };
}

/**
 * The magnitude of a serial INTEGER. Minimal encoding is required so that one serial has one CertID
 * encoding (the cache keys on it); negative serials are not serials (RFC 5280 §4.1.2.2).
 */
function serialMagnitude(value: Buffer): Buffer {
  if (value.length === 0) throw new OcspRequestError('empty serialNumber');
  if (value[0] & 0x80) throw new OcspRequestError('negative serialNumber');
  if (value[0] === 0 && value.length > 1) {
    if (!(value[1] & 0x80)) throw new OcspRequestError('non-minimal serialNumber');
    value = value.subarray(1);
  }
  if (value.length > OCSP_REQUEST_LIMITS.maxSerial) throw new OcspRequestError('serialNumber too long');
  return value;
}

/**
 * Walks an `[n] EXPLICIT Extensions`, refusing duplicates and critical extensions we do not implement
 * (RFC 6960 §4.4). Returns the nonce's extnValue content when `nonceAllowed` (request level only).
 */
function readExtensions(der: Buffer, wrapper: Tlv, nonceAllowed: boolean): Buffer | undefined {
  const extensions = children(der, explicitSingle(der, wrapper, Tag.SEQUENCE));
  if (extensions.length === 0) throw new OcspRequestError('empty Extensions');
  const seen = new Set<string>();
  let nonce: Buffer | undefined;
  for (const extension of extensions) {
    const fields = children(der, expectTag(extension, Tag.SEQUENCE, 'Extension'));
    const extnId = expectTag(fields[0], Tag.OID, 'extnID');
    let critical = false;
    let at = 1;
    if (fields[at]?.tag === Tag.BOOLEAN) {
      // DER omits a FALSE critical flag; some encoders still write it. Tolerated, it changes nothing.
      const flag = fields[at++];
      if (flag.end - flag.contentStart !== 1 || (der[flag.contentStart] !== 0 && der[flag.contentStart] !== 0xff)) throw new OcspRequestError('invalid BOOLEAN');
      critical = der[flag.contentStart] === 0xff;
    }
    const value = octets(der, expectTag(fields[at++], Tag.OCTET_STRING, 'extnValue'));
    if (at !== fields.length) throw new OcspRequestError('unexpected field in Extension');
    const id = der.toString('hex', extnId.contentStart, extnId.end);
    if (seen.has(id)) throw new OcspRequestError('duplicate extension');
    seen.add(id);
    if (nonceAllowed && sameBytes(der, extnId, OID_DER.ocspNonce)) nonce = checkedNonce(value);
    else if (critical) throw new OcspRequestError('unsupported critical extension');
  }
  return nonce;
}

/** RFC 8954: Nonce ::= OCTET STRING (SIZE(1..32)) inside extnValue; older clients put the raw octets there. */
function checkedNonce(value: Buffer): Buffer {
  let length = value.length;
  if (value[0] === Tag.OCTET_STRING) {
    try {
      const inner = readTlv(value, 0);
      if (inner.end === value.length) length = inner.end - inner.contentStart;
    } catch {
      // not an OCTET STRING after all: a raw nonce
    }
  }
  if (length < 1 || length > OCSP_REQUEST_LIMITS.maxNonce) throw new OcspRequestError(`nonce must be 1 to ${OCSP_REQUEST_LIMITS.maxNonce} octets`);
  return value;
}

/** The single TLV inside an EXPLICIT wrapper, optionally of a given tag. */
function explicitSingle(der: Buffer, wrapper: Tlv, tag?: number): Tlv {
  const inner = children(der, wrapper);
  if (inner.length !== 1 || (tag !== undefined && inner[0].tag !== tag)) throw new OcspRequestError(`malformed [${wrapper.tag & 0x1f}] field`);
  return inner[0];
}

const octets = (der: Buffer, item: Tlv) => der.subarray(item.contentStart, item.end);
/** Compares a TLV in `der` with a whole pre-encoded TLV, without slicing. */
const sameBytes = (der: Buffer, item: Tlv, encoded: Buffer) => encoded.compare(der, item.start, item.end) === 0;
