import { decodeOcspGetRequest } from '@theqa/ca';

/** RFC 5019 §5: GET is for requests under 255 bytes once encoded; longer ones are not worth keeping. */
const MAX_REMEMBERED_SEGMENT = 512;

/**
 * Decoded OCSP GET requests by URL segment. Relying parties ask about the same certificates again and
 * again: each URL is decoded once, and the same DER Buffer comes back every time, which lets
 * `OcspResponder.respondNow` skip the parse too. Bounded: when full it starts over. Only successful
 * decodings are kept, so garbage costs its decoding each time and never displaces real requests for long.
 */
export class GetRequestMemo {
  private readonly decoded = new Map<string, Buffer>();

  constructor(private readonly maxEntries = 10_000) {}

  /** The request's DER; throws OcspRequestError like `decodeOcspGetRequest`. */
  decode(segment: string): Buffer {
    const known = this.decoded.get(segment);
    if (known) return known;
    const der = decodeOcspGetRequest(segment);
    if (segment.length <= MAX_REMEMBERED_SEGMENT) {
      if (this.decoded.size >= this.maxEntries) this.decoded.clear();
      this.decoded.set(segment, der);
    }
    return der;
  }
}
