/**
 * The web wallet's HTTP client, same origin as the page: JSON in, JSON out, and every refusal turned
 * into a ProblemError carrying the server's problem+json (RFC 9457: code, titles in both languages,
 * detail, attempts left), so the page can show it in the language the person reads.
 */
export interface Problem {
  status: number;
  code: string;
  title?: string;
  titles?: { ar?: string; en?: string };
  detail?: string;
  attempts_left?: number;
  retry_after?: number;
  [extension: string]: unknown;
}

export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? problem.code);
    this.name = 'ProblemError';
  }
}

export async function getJson<T>(path: string, token?: string): Promise<T> {
  return call<T>('GET', path, undefined, token);
}

/** A binary resource (the PDF of a signing request); refusals are problem+json as for JSON calls. */
export async function getBytes(path: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/pdf, application/problem+json' }, credentials: 'omit', cache: 'no-store' });
  } catch {
    throw new ProblemError({ status: 0, code: 'unreachable' });
  }
  if (!response.ok) throw await problemOf(response);
  return new Uint8Array(await response.arrayBuffer());
}

export async function postJson<T>(path: string, body?: unknown, token?: string): Promise<T> {
  return call<T>('POST', path, body, token);
}

async function call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ProblemError({ status: 0, code: 'unreachable' });
  }
  if (!response.ok) throw await problemOf(response);
  return (await jsonOf(response)) as T;
}

async function jsonOf(response: Response): Promise<unknown> {
  const raw = await response.text();
  try {
    return raw ? JSON.parse(raw) : undefined;
  } catch {
    return undefined;
  }
}

async function problemOf(response: Response): Promise<ProblemError> {
  const json = await jsonOf(response);
  const problem = (json && typeof json === 'object' ? json : {}) as Partial<Problem>;
  return new ProblemError({ ...problem, status: response.status, code: typeof problem.code === 'string' ? problem.code : `http-${response.status}` });
}
