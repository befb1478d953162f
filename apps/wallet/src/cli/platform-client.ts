import { WalletError } from './wallet-error';

/**
 * The wallet's HTTP client: JSON in, JSON out, and every refusal turned into a WalletError carrying the
 * problem's code and both titles (the server's problem+json), so the CLI can show the Arabic and the English.
 */
export class PlatformClient {
  constructor(readonly baseUrl: string) {}

  get<T>(path: string, token?: string): Promise<T> {
    return this.call<T>('GET', path, undefined, token);
  }

  post<T>(path: string, body?: unknown, token?: string): Promise<T> {
    return this.call<T>('POST', path, body, token);
  }

  private async call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
    } catch (error) {
      throw new WalletError(`cannot reach the platform at ${this.baseUrl}: ${(error as Error).message}`, 'unreachable');
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const problem = (json ?? {}) as { code?: string; title?: string; detail?: string; titles?: { ar?: string; en?: string }; [k: string]: unknown };
      const titles = problem.titles ? `${problem.titles.en ?? ''} — ${problem.titles.ar ?? ''}` : (problem.title ?? `HTTP ${response.status}`);
      const { code, ...details } = problem;
      throw new WalletError(`${titles}${problem.detail ? `: ${problem.detail}` : ''}`, code ?? `http-${response.status}`, details);
    }
    return json as T;
  }
}
