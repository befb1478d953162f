import { children, content, readRoot, readTlv, whole } from '../../der/der-reader';

/** Takes a successful OCSPResponse apart with the DER reader, to check or tamper with its pieces. */
export function basicResponseParts(der: Buffer) {
  const [status, wrapper] = children(der, readRoot(der));
  const [responseBytes] = children(der, wrapper);
  const [responseType, octets] = children(der, responseBytes);
  const basicStart = octets.contentStart;
  const basic = readTlv(der, basicStart, octets.end);
  const [tbs, algorithm, signature, certs] = children(der, basic);
  return {
    status: content(der, status),
    responseType: whole(der, responseType),
    tbsResponseData: whole(der, tbs),
    signatureAlgorithm: whole(der, algorithm),
    /** Offset of the last octet of the signature, for tampering. */
    signatureLastOctet: signature.end - 1,
    signature: der.subarray(signature.contentStart + 1, signature.end),
    certs: certs && whole(der, certs),
  };
}
