import type { OcspResponder } from './ocsp-responder';

/**
 * Answers one request over and over for about `seconds` and returns answers per second: the
 * in-process ceiling under the HTTP endpoint, for `npm run bench`. Pass a request without nonce to
 * measure the pre-signed path (the first answer warms the cache), one with a nonce for live signing.
 */
export async function measureOcspRespondRate(responder: Pick<OcspResponder, 'respond'>, requestDer: Buffer, seconds = 1): Promise<number> {
  await responder.respond(requestDer);
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let answered = 0;
  do {
    // check the clock every 256 answers: reading it costs about as much as a cached answer
    for (let i = 0; i < 256; i++) await responder.respond(requestDer);
    answered += 256;
  } while (performance.now() < deadline);
  return answered / ((performance.now() - started) / 1000);
}
