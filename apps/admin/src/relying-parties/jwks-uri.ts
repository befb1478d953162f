import type { Bilingual } from '@theqa/kernel';

const LIMIT_BYTES = 64 * 1024;
const TIMEOUT_MS = 5000;
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * The keys published at a relying party's JWKS URI, read once while it is onboarded: the registry keeps
 * keys, not addresses, so what is registered is what the officer saw validated. https only (plain http
 * on loopback in development), no redirects, 5 seconds, 64 KiB; the keys then face the registry's rules
 * as pasted ones do.
 */
export async function readJwksUri(uri: string, options: { allowLoopbackHttp: boolean }): Promise<{ jwks: unknown } | { problem: Bilingual }> {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return { problem: { ar: 'عنوان JWKS ليس عنواناً مطلقاً.', en: `${uri} is not an absolute URL` } };
  }
  const loopbackHttp = url.protocol === 'http:' && options.allowLoopbackHttp && LOOPBACK.has(url.hostname);
  if ((url.protocol !== 'https:' && !loopbackHttp) || url.username || url.password || url.hash) {
    return { problem: { ar: 'عنوان JWKS يجب أن يكون https، دون بيانات دخول ولا جزء (#).', en: `${uri}: a JWKS URI must be https, without credentials or fragment` } };
  }
  try {
    const answer = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/jwk-set+json, application/json' } });
    if (!answer.ok) return { problem: { ar: `أجاب عنوان JWKS بالرمز ${answer.status}.`, en: `${uri} answered ${answer.status}` } };
    if (Number(answer.headers.get('content-length') ?? 0) > LIMIT_BYTES) return tooLarge(uri);
    const body = Buffer.from(await answer.arrayBuffer());
    if (body.length > LIMIT_BYTES) return tooLarge(uri);
    return { jwks: JSON.parse(body.toString('utf8')) as unknown };
  } catch (error) {
    if (error instanceof SyntaxError) return { problem: { ar: 'ما في عنوان JWKS ليس JSON.', en: `${uri} does not hold JSON` } };
    return { problem: { ar: 'تعذّر الوصول إلى عنوان JWKS.', en: `${uri} cannot be reached (${error instanceof Error ? error.message : String(error)})` } };
  }
}

const tooLarge = (uri: string) => ({ problem: { ar: 'ما في عنوان JWKS أكبر من 64 كيلوبايت.', en: `${uri} holds more than 64 KiB` } });
