/** A body longer than the adapter accepts for that answer. */
export class AnswerTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the answer is larger than ${limit} bytes`);
  }
}

/**
 * Reads a response's body, at most `limit` bytes: beyond it, `AnswerTooLarge` (or, with `truncate`,
 * the first `limit` bytes, for error bodies that are read only to be described).
 */
export async function readAnswerBody(response: Response, limit: number, options: { truncate?: boolean } = {}): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limit && !options.truncate) {
    await response.body?.cancel().catch(() => undefined);
    throw new AnswerTooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  if (response.body) {
    // Leaving the loop early cancels the stream, so the rest is never downloaded.
    for await (const chunk of response.body) {
      chunks.push(Buffer.from(chunk));
      size += chunk.byteLength;
      if (size > limit) break;
    }
  }
  if (size > limit && !options.truncate) throw new AnswerTooLarge(limit);
  return Buffer.concat(chunks).subarray(0, limit);
}
