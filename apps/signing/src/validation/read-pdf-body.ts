import type { Request } from 'express';
import { defineProblem, ProblemException } from '@theqa/http-shell';

export const DOCUMENT_TOO_LARGE = defineProblem('document-too-large', 413, 'The document is too large', 'حجم المستند كبير جداً');

/** An `application/pdf` body, read up to `limit` bytes: a larger one is refused as soon as it is known to be. */
export async function readPdfBody(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.destroy();
      throw tooLarge(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(limit: number): ProblemException {
  return new ProblemException(DOCUMENT_TOO_LARGE, `at most ${limit} bytes are accepted`, { max_bytes: limit });
}
