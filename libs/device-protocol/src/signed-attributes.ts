import { ProtocolFormatError } from './base64url';

/**
 * What a wallet checks before its qualified signing key signs the bytes a signing request carries:
 * that they are CMS signed attributes of a PAdES signature (RFC 5652 §5.4, ETSI EN 319 122-1) — exactly
 * content-type (id-data), message-digest (a SHA-256) and ESS signing-certificate-v2 naming the wallet's
 * own signing certificate by its SHA-256 — and nothing else. The service cannot then use the key as an
 * oracle for other bytes (a TLS handshake, another protocol's message), nor have it sign under another
 * certificate's name. Browser-safe: a few lines of DER, no library.
 */
export function checkSignedAttributes(bytes: Uint8Array, signingCertificateSha256: Uint8Array): { messageDigest: Uint8Array } {
  const outer = read(bytes, 0);
  if (outer.tag !== SET || outer.end !== bytes.length) throw refuse('they are not one DER SET');
  const seen = new Map<string, Element>();
  for (const attribute of children(bytes, outer)) {
    if (attribute.tag !== SEQUENCE) throw refuse('an attribute is not a SEQUENCE');
    const [type, values, ...rest] = children(bytes, attribute);
    if (!type || type.tag !== OID || !values || values.tag !== SET || rest.length) throw refuse('an attribute is not { type, SET OF values }');
    const name = OIDS.get(hex(content(bytes, type)));
    if (!name) throw refuse(`an attribute other than content-type, message-digest and signing-certificate-v2 (${hex(content(bytes, type))})`);
    if (seen.has(name)) throw refuse(`${name} twice`);
    const [value, ...more] = children(bytes, values);
    if (!value || more.length) throw refuse(`${name} must have exactly one value`);
    seen.set(name, value);
  }
  const contentType = seen.get('content-type');
  const messageDigest = seen.get('message-digest');
  const signingCertificate = seen.get('signing-certificate-v2');
  if (!contentType || !messageDigest || !signingCertificate) throw refuse('content-type, message-digest and signing-certificate-v2 are all required');
  if (contentType.tag !== OID || hex(content(bytes, contentType)) !== ID_DATA) throw refuse('the content type is not id-data');
  if (messageDigest.tag !== OCTET_STRING || messageDigest.end - messageDigest.start !== 32) throw refuse('the message digest is not a SHA-256');
  // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, … }; ESSCertIDv2 ::= SEQUENCE { [hashAlgorithm default SHA-256], certHash OCTET STRING, … }
  const certs = signingCertificate.tag === SEQUENCE ? children(bytes, signingCertificate)[0] : undefined;
  const first = certs?.tag === SEQUENCE ? children(bytes, certs)[0] : undefined;
  const certHash = first?.tag === SEQUENCE ? children(bytes, first)[0] : undefined;
  if (!certHash || certHash.tag !== OCTET_STRING) throw refuse('signing-certificate-v2 does not name a certificate by its SHA-256');
  if (!equal(content(bytes, certHash), signingCertificateSha256)) throw refuse("signing-certificate-v2 names another certificate than this wallet's signing certificate");
  return { messageDigest: content(bytes, messageDigest) };
}

interface Element {
  tag: number;
  /** Where the content starts and ends. */
  start: number;
  end: number;
}

const SET = 0x31;
const SEQUENCE = 0x30;
const OID = 0x06;
const OCTET_STRING = 0x04;
const OIDS = new Map([
  ['2a864886f70d010903', 'content-type'],
  ['2a864886f70d010904', 'message-digest'],
  ['2a864886f70d010910022f', 'signing-certificate-v2'],
]);
const ID_DATA = '2a864886f70d010701';

const refuse = (why: string) => new ProtocolFormatError(`the signing request does not carry PAdES signed attributes: ${why}`);

function read(bytes: Uint8Array, at: number): Element {
  if (at + 2 > bytes.length) throw refuse('truncated');
  const tag = bytes[at];
  let length = bytes[at + 1];
  let start = at + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 3 || start + octets > bytes.length) throw refuse('a length is not DER');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + bytes[start + i];
    start += octets;
  }
  if (start + length > bytes.length) throw refuse('truncated');
  return { tag, start, end: start + length };
}

function children(bytes: Uint8Array, parent: Element): Element[] {
  const items: Element[] = [];
  for (let at = parent.start; at < parent.end; ) {
    const item = read(bytes, at);
    if (item.end > parent.end) throw refuse('an element overruns its parent');
    items.push(item);
    at = item.end;
  }
  return items;
}

const content = (bytes: Uint8Array, element: Element) => bytes.subarray(element.start, element.end);
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);
