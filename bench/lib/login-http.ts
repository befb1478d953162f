import http from 'node:http';

export interface HttpAnswer {
  status: number;
  url: string;
  /** Absolute, resolved against the request's URL. */
  location?: string;
  setCookies: string[];
  text: string;
}

/**
 * The load generator's HTTP: node:http over one keep-alive agent (lighter than fetch, so the loader
 * takes less of the two cores the platform needs). Each request waits for its whole answer.
 */
export class BenchHttp {
  readonly agent: http.Agent;

  constructor(maxSockets: number) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  request(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpAnswer> {
    const target = new URL(url);
    const headers: Record<string, string | number> = { ...(init.headers ?? {}) };
    if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: target.hostname, port: target.port, path: target.pathname + target.search, method: init.method ?? 'GET', headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const location = res.headers.location;
            resolve({
              status: res.statusCode ?? 0,
              url,
              location: location ? new URL(location, url).toString() : undefined,
              setCookies: res.headers['set-cookie'] ?? [],
              text: Buffer.concat(chunks).toString('utf8'),
            });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(init.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * A browser as far as the login pages need one (as TestBrowser in @theqa/testing, on BenchHttp):
 * cookies by name, redirects followed by hand, stopping before a location `until` accepts (the
 * relying party's redirect URI, which is not fetched).
 */
export class BenchBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly http: BenchHttp) {}

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<HttpAnswer> {
    const headers: Record<string, string> = { accept: 'text/html' };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const answer = await this.http.request(url, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body });
    for (const line of answer.setCookies) {
      const [pair, ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split('=')[1]) < new Date()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return answer;
  }

  async follow(url: string, init: { method?: string; form?: Record<string, string> } = {}, until?: (location: string) => boolean): Promise<HttpAnswer> {
    let answer = await this.request(url, init);
    for (let hops = 0; answer.location && hops < 15; hops++) {
      if (until?.(answer.location)) return answer;
      answer = await this.request(answer.location);
    }
    return answer;
  }
}
