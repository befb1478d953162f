import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpJwksDocuments, JwksDocumentError } from './http-jwks-documents';
import { isSpecialUseAddress } from '../http/public-addresses';

/** A relying party's key endpoint on 127.0.0.1, answering each path its own way. */
describe('HttpJwksDocuments', () => {
  let server: Server;
  let base: string;
  const hits: string[] = [];
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/jwks.json': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=900' });
      res.end(JSON.stringify({ keys: [{ kty: 'EC', kid: 'k1' }] }));
    },
    '/no-cache': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end('{"keys":[]}');
    },
    '/silent': () => undefined,
    '/slow-body': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"keys":');
    },
    '/declared-large': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(70 * 1024) });
      res.end(' '.repeat(70 * 1024));
    },
    '/streamed-large': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 70; i++) res.write(' '.repeat(1024));
      res.end('{}');
    },
    '/not-json': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('<html>keys</html>');
    },
    '/moved': (_req, res) => {
      res.writeHead(302, { location: '/jwks.json' });
      res.end();
    },
    '/gone': (_req, res) => {
      res.writeHead(404);
      res.end('not here');
    },
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      (routes[req.url ?? ''] ?? routes['/gone'])(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const development = new HttpJwksDocuments({ allowSpecialUseAddresses: true, timeoutMs: 300 });
  const failure = (uri: string, documents = development) =>
    documents.get(uri).then(
      () => undefined,
      (error: unknown) => (error instanceof JwksDocumentError ? error.failure : error),
    );

  it('reads the set and its max-age', async () => {
    await expect(development.get(`${base}/jwks.json`)).resolves.toEqual({ document: { keys: [{ kty: 'EC', kid: 'k1' }] }, maxAgeSeconds: 900 });
    await expect(development.get(`${base}/no-cache`)).resolves.toEqual({ document: { keys: [] }, maxAgeSeconds: 0 });
  });

  it('gives up at the deadline, whether the headers or the body are late', async () => {
    const started = Date.now();
    expect(await failure(`${base}/silent`)).toBe('timeout');
    expect(await failure(`${base}/slow-body`)).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a set over 64 KiB, declared or streamed', async () => {
    expect(await failure(`${base}/declared-large`)).toBe('too-large');
    expect(await failure(`${base}/streamed-large`)).toBe('too-large');
  });

  it('refuses what is not JSON, another status, and does not follow a redirect', async () => {
    expect(await failure(`${base}/not-json`)).toBe('not-json');
    expect(await failure(`${base}/gone`)).toBe('status');
    hits.length = 0;
    expect(await failure(`${base}/moved`)).toBe('redirect');
    expect(hits).toEqual(['/moved']);
  });

  it('in production, connects to no loopback or private address, by literal or by name', async () => {
    const production = new HttpJwksDocuments();
    hits.length = 0;
    expect(await failure(`${base}/jwks.json`, production)).toBe('address-refused');
    expect(await failure(base.replace('127.0.0.1', 'localhost') + '/jwks.json', production)).toBe('address-refused');
    expect(await failure('http://[::1]:9/jwks.json', production)).toBe('address-refused');
    expect(await failure('https://169.254.169.254/latest/meta-data', production)).toBe('address-refused');
    expect(hits).toEqual([]);
  });

  it('an unreachable host is unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await failure(`http://127.0.0.1:${port}/jwks.json`)).toBe('unreachable');
  });

  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.20.0.1', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['::1', true],
    ['::', true],
    ['fd00::1', true],
    ['fe80::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::ffff:10.0.0.1', true],
    ['not an address', true],
    ['8.8.8.8', false],
    ['185.15.59.224', false],
    ['2a00:1450:4001:80b::200e', false],
    ['::ffff:8.8.8.8', false],
  ])('%s is special-use: %s', (address, expected) => {
    expect(isSpecialUseAddress(address)).toBe(expected);
  });
});
