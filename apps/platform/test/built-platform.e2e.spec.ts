import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, testInstallation, WORKSPACE_ROOT } from '@theqa/testing';

/**
 * The platform as the Docker image runs it: built by tools/build.cjs, started from the build with
 * `node dist/apps/platform/src/main.js`, beside production packages only (no esbuild, no TypeScript
 * loader). No Docker engine is needed to check that what the image would run works.
 */
describe('the platform started from its build (dist/)', () => {
  const app = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-built-'));
  const installation = testInstallation();
  let child: ChildProcess | undefined;
  let url = '';
  let ocspPort = 0;
  let output = '';

  /** What `npm prune --omit=dev` leaves: the packages the app depends on, none of the development ones. */
  const productionPackages = () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(WORKSPACE_ROOT, 'package.json'), 'utf8'));
    const development = new Set(Object.keys(manifest.devDependencies));
    const modules = path.join(app, 'node_modules');
    fs.mkdirSync(modules);
    for (const entry of fs.readdirSync(path.join(WORKSPACE_ROOT, 'node_modules'))) {
      const names = entry.startsWith('@') ? fs.readdirSync(path.join(WORKSPACE_ROOT, 'node_modules', entry)).map((name) => `${entry}/${name}`) : [entry];
      for (const name of names) {
        if (development.has(name) || name === '.bin') continue;
        fs.mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
        fs.symlinkSync(path.join(WORKSPACE_ROOT, 'node_modules', name), path.join(modules, name));
      }
    }
  };

  beforeAll(async () => {
    const build = spawn(process.execPath, ['tools/build.cjs', path.join(app, 'dist')], { cwd: WORKSPACE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let buildOutput = '';
    build.stdout.on('data', (chunk) => (buildOutput += String(chunk)));
    build.stderr.on('data', (chunk) => (buildOutput += String(chunk)));
    const built = await new Promise<number | null>((resolve) => build.once('exit', resolve));
    if (built !== 0) throw new Error(`the build failed:\n${buildOutput}`);
    productionPackages();
    fs.cpSync(path.join(WORKSPACE_ROOT, 'certs'), path.join(app, 'certs'), { recursive: true, filter: (source) => path.basename(source) !== 'dev' });
    fs.copyFileSync(path.join(WORKSPACE_ROOT, 'package.json'), path.join(app, 'package.json'));

    const port = await freePort();
    ocspPort = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['dist/apps/platform/src/main.js'], {
      cwd: app,
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        OCSP_PORT: String(ocspPort),
        PUBLIC_BASE_URL: url,
        DATABASE_URL: installation.databaseUrl,
        THEQA_DEV_DIR: installation.devDir,
        THEQA_KEYSTORE_KEY: installation.keyStore.masterKey,
        THEQA_DEMO_RP: 'off',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk) => (output += String(chunk)));
    child.stderr?.on('data', (chunk) => (output += String(chunk)));
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if ((await fetch(`${url}/health`).catch(() => undefined))?.status === 200) return;
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the built platform did not become healthy:\n${output}`);
  }, 180_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child!.once('exit', resolve));
    }
    fs.rmSync(app, { recursive: true, force: true });
  });

  it('carries no development package and no TypeScript source', () => {
    expect(fs.existsSync(path.join(app, 'node_modules', 'esbuild'))).toBe(false);
    expect(fs.existsSync(path.join(app, 'node_modules', 'typescript'))).toBe(false);
    const sources = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [e.name] : []));
    expect(sources(path.join(app, 'dist'))).toEqual([]);
  });

  it('is healthy, its dedicated OCSP responder process running from the build too', async () => {
    const health = await (await fetch(`${url}/health`)).json();
    expect(health).toMatchObject({ status: 'ok', database: { kind: 'server', reachable: true } });
    expect(health.components).toEqual([expect.objectContaining({ name: 'ocsp-responder', state: 'running', restarts: 0 })]);
    expect((await fetch(`http://127.0.0.1:${ocspPort}/health`)).status).toBe(200);
  });

  it('serves the web wallet, its script bundled at build time', async () => {
    const page = await fetch(`${url}/wallet/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html lang="ar" dir="rtl">');
    const script = await fetch(`${url}/wallet/wallet.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await script.text()).toBe(fs.readFileSync(path.join(app, 'dist/apps/wallet/src/web/public/wallet.js'), 'utf8'));
    // pdf.js's worker (a module worker: a JavaScript type) and fonts, which draw a signing request's first page.
    const worker = await fetch(`${url}/wallet/pdf.worker.mjs`);
    expect(worker.status).toBe(200);
    expect(worker.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await worker.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    expect((await fetch(`${url}/wallet/pdf-fonts/LiberationSans-Regular.ttf`)).status).toBe(200);
  });

  it("serves the portal's review page script, bundled at build time, with pdf.js's files beside it", async () => {
    const script = await fetch(`${url}/portal/assets/sign-preview.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await script.text()).toBe(fs.readFileSync(path.join(app, 'dist/apps/portal/src/web/sign-preview.js'), 'utf8'));
    const worker = await fetch(`${url}/portal/assets/pdf.worker.mjs`);
    expect(worker.status).toBe(200);
    expect((await worker.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    expect((await fetch(`${url}/portal/assets/pdf-fonts/LiberationSans-Regular.ttf`)).status).toBe(200);
  });

  it('serves the OpenID Provider', async () => {
    const discovery = await fetch(`${url}/oidc/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    expect(await discovery.json()).toMatchObject({ issuer: `${url}/oidc`, code_challenge_methods_supported: ['S256'] });
  });

  it("serves the ID card's page scripts (the Web eID extension's messages embedded from @theqa/web-eid's sub-path entry)", async () => {
    for (const [route, speaks] of [
      ['/login-assets/card-login.js', 'web-eid:authenticate'],
      ['/portal/assets/card-sign.js', 'web-eid:sign'],
    ]) {
      const script = await fetch(`${url}${route}`);
      expect({ route, status: script.status }).toEqual({ route, status: 200 });
      const text = await script.text();
      expect(text).toContain(speaks);
      expect(text).toContain("'-ack'");
      // Valid script as served (no template left unfilled).
      expect(() => new Function(text)).not.toThrow();
      expect(text).not.toContain('${');
    }
  });
});
