/**
 * A remote's problem document (RFC 9457), as far as it can be read: the standard members when they have
 * the standard types, and extension members that are plain values (such as the face matcher's `image`).
 */
export interface RemoteProblem {
  type?: string;
  title?: string;
  detail?: string;
  status?: number;
  [member: string]: string | number | boolean | null | undefined;
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** The problem in a body sent as `application/problem+json`, or undefined for any other body. */
export function readProblem(contentType: string, body: Buffer): RemoteProblem | undefined {
  if (mediaType(contentType) !== PROBLEM_MEDIA_TYPE) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const problem: RemoteProblem = {};
  for (const [member, value] of Object.entries(parsed)) {
    const plain = value === null || ['string', 'number', 'boolean'].includes(typeof value);
    if (!plain || (typeof value === 'string' && value.length > 1000)) continue;
    if (['type', 'title', 'detail'].includes(member) && typeof value !== 'string') continue;
    if (member === 'status' && typeof value !== 'number') continue;
    problem[member] = value as RemoteProblem[string];
  }
  return problem;
}

/** One line for a message: `urn:…:person-unknown: Not found — no such civil number`. */
export function describeProblem(problem: RemoteProblem | undefined): string {
  if (!problem) return '';
  const title = [problem.title, problem.detail].filter(Boolean).join(' — ');
  return [problem.type, title].filter(Boolean).join(': ');
}

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}
