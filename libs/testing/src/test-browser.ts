/**
 * A browser as far as server-rendered pages need one: cookies kept per name (hosts on 127.0.0.1 share
 * them across ports, as browsers do), redirects followed by hand so a test can see each hop.
 */
export class TestBrowser {
  private readonly cookies = new Map<string, string>();
  readonly visited: string[] = [];

  async request(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<{ status: number; url: string; location?: string; text: string }> {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split('=')[1]) < new Date()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    this.visited.push(`${init.method ?? (init.form ? 'POST' : 'GET')} ${url} → ${response.status}`);
    const location = response.headers.get('location') ?? undefined;
    return { status: response.status, url, location: location && new URL(location, url).toString(), text: await response.text() };
  }

  /** Follows redirects until a page answers (or `until` matches the next location, which is not fetched). */
  async follow(url: string, init: { method?: string; form?: Record<string, string> } = {}, until?: (location: string) => boolean) {
    let response = await this.request(url, init);
    for (let hops = 0; response.location && hops < 15; hops++) {
      if (until?.(response.location)) return response;
      response = await this.request(response.location);
    }
    return response;
  }
}
