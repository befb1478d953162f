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

/**
 * Digests in the order of `requests` (each range already checked: from 0, within the file), and the
 * SHA-256 of the whole file, which the SHA-256 running hash yields when it reaches the end.
 */
export function digestByteRanges(pdf: Buffer, requests: DigestRequest[]): { digests: Buffer[]; fileSha256: Buffer } {
  const results: Buffer[] = new Array(requests.length);
  let fileSha256 = Buffer.alloc(0);
  const algorithms = new Set(['sha256', ...requests.map((request) => request.algorithm)]);
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
    if (algorithm === 'sha256') fileSha256 = running.update(pdf.subarray(position)).digest();
  }
  return { digests: results, fileSha256 };
}
