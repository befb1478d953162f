/**
 * A browser as far as server-rendered pages need one: cookies kept per name and path and sent where
 * their path matches (hosts on 127.0.0.1 share them across ports, as browsers do), redirects followed
 * by hand so a test can see each hop.
 */
export class TestBrowser {
  /** `name\npath` → value. */
  private readonly cookies = new Map<string, string>();
  readonly visited: string[] = [];

  async request(url: string, init: { method?: string; form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; url: string; location?: string; text: string }> {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    const requestPath = new URL(url).pathname;
    const sent = [...this.cookies]
      .map(([key, value]) => ({ name: key.split('\n')[0], path: key.split('\n')[1], value }))
      .filter((c) => requestPath === c.path || requestPath.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      // The most specific path first, as browsers order them.
      .sort((a, b) => b.path.length - a.path.length);
    if (sent.length) headers.cookie = sent.map((c) => `${c.name}=${c.value}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      // As a page's script posts: JSON, the page's origin in the Origin header unless the test says otherwise.
      headers['content-type'] = 'application/json';
      headers.origin ??= new URL(url).origin;
      body = JSON.stringify(init.json);
    }
    const sentBody = init.form || init.json !== undefined;
    const response = await fetch(url, { method: init.method ?? (sentBody ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split('=')[1]) < new Date()));
      const pathAttribute = attributes.map((a) => /^\s*path=(.*)$/i.exec(a)?.[1]?.trim()).find((p) => p);
      const key = `${name}\n${pathAttribute ?? defaultPath(new URL(url).pathname)}`;
      if (expired || value === '') this.cookies.delete(key);
      else this.cookies.set(key, value);
    }
    this.visited.push(`${init.method ?? (sentBody ? 'POST' : 'GET')} ${url} → ${response.status}`);
    const location = response.headers.get('location') ?? undefined;
    return { status: response.status, url, location: location && new URL(location, url).toString(), text: await response.text() };
  }

  /** The cookies this browser holds for a site, as playwright's `addCookies` takes them (to open a page in Chromium where this one stands). */
  cookiesFor(base: string): Array<{ name: string; value: string; url: string }> {
    return [...this.cookies].map(([key, value]) => {
      const [name, cookiePath] = key.split('\n');
      return { name, value, url: new URL(cookiePath, base).href };
    });
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

/** RFC 6265 §5.1.4: the request path up to its last slash. */
function defaultPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}
