/**
 * The digests of the signatures' byte ranges in one pass over the file. Every range of the form
 * [0 a b c] begins with the file's first `a` bytes, and later signatures cover earlier ones: one
 * running hash reads the file once and is copied at each signature's gap, so validating three
 * signatures costs about one hash of the file, not three.
 */
import { createHash } from 'node:crypto';

export interface DigestRequest {
  byteRange: [number, number, number, number];
  algorithm: string;
}

/** Digests in the order of `requests`; each range must already be checked (starts at 0, within the file). */
export function digestByteRanges(pdf: Buffer, requests: DigestRequest[]): Buffer[] {
  const results: Buffer[] = new Array(requests.length);
  const algorithms = new Set(requests.map((request) => request.algorithm));
  for (const algorithm of algorithms) {
    const order = requests.map((request, index) => ({ request, index })).filter(({ request }) => request.algorithm === algorithm);
    order.sort((a, b) => a.request.byteRange[1] - b.request.byteRange[1]);
    const running = createHash(algorithm);
    let position = 0;
    for (const { request, index } of order) {
      const [, gapStart, tailStart, tailLength] = request.byteRange;
      running.update(pdf.subarray(position, gapStart));
      position = gapStart;
      results[index] = running.copy().update(pdf.subarray(tailStart, tailStart + tailLength)).digest();
    }
  }
  return results;
}
