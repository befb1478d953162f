import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, PlatformProcess, WORKSPACE_ROOT } from '@theqa/testing';

const ROOT = WORKSPACE_ROOT;

describe('npm start on the embedded database', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-platform-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('comes up healthy, keeps its data across a stop and a start, and stops gracefully', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, THEQA_DATA_DIR: dataDir, THEQA_DEV_DIR: path.join(dataDir, 'dev'), LOG_LEVEL: 'info' };
    // The embedded database: neither the run's server nor its owner's migration URL.
    delete env.DATABASE_URL;
    delete env.DATABASE_MIGRATION_URL;
    const first = new PlatformProcess(await freePort(), env);
    await first.start();
    const before = await (await fetch(`${first.url}/health`)).json();
    expect(before).toMatchObject({ status: 'ok', database: { kind: 'embedded', reachable: true } });

    // The CLI reaches the running platform's embedded database instead of opening the folder twice.
    const cli = spawnSync(process.execPath, ['tools/bin/theqa.cjs', 'db', 'status', '--json'], {
      cwd: ROOT,
      env: { ...env, DATABASE_URL: '', DATABASE_MIGRATION_URL: '' },
      encoding: 'utf8',
    });
    expect(cli.status).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ up_to_date: true, database: expect.stringContaining('served by the running platform') });

    expect(await first.stop()).toBe(0);
    const log = first.output.join('');
    expect(log).toContain('"msg":"stopped"');
    expect(log).toContain('Theqa platform is running');
    const requestLines = log
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.msg === 'request');
    expect(requestLines.length).toBeGreaterThan(0);
    expect(requestLines.every((entry) => typeof entry.req_id === 'string' && entry.req_id.length > 0)).toBe(true);

    const second = new PlatformProcess(await freePort(), env);
    await second.start();
    try {
      const after = await (await fetch(`${second.url}/health`)).json();
      expect(after.installation).toEqual(before.installation);
      expect(second.output.join('')).not.toContain('database migrated');
    } finally {
      expect(await second.stop('SIGINT')).toBe(0);
    }
  });

  it('refuses to start on a bad setting, naming it, and touches nothing', () => {
    const emptyDir = path.join(dataDir, 'never-created');
    const startWith = (setting: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, ['tools/run-ts.cjs', 'apps/platform/src/main.ts'], {
        cwd: ROOT,
        env: { ...process.env, THEQA_DATA_DIR: emptyDir, DATABASE_URL: '', DATABASE_MIGRATION_URL: '', ...setting },
        encoding: 'utf8',
        timeout: 30_000,
      });

    const badPort = startWith({ PORT: 'eighty' });
    expect(badPort.status).toBe(78);
    expect(badPort.stderr).toContain('PORT');
    expect(badPort.stderr).toContain('"eighty"');

    const pkcs11WithoutToken = startWith({ THEQA_KEYSTORE: 'pkcs11' });
    expect(pkcs11WithoutToken.status).toBe(78);
    expect(pkcs11WithoutToken.stderr).toContain('THEQA_PKCS11_TOKEN');
    expect(fs.existsSync(emptyDir)).toBe(false);
  });

  it('leaves no child behind when it is killed without a chance to stop them (kill -9): the demo relying party and the OCSP responder free their ports', async () => {
    const [demoRpPort, ocspPort] = [await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = { ...process.env, THEQA_DATA_DIR: path.join(dataDir, 'orphans'), THEQA_DEMO_RP: 'on', DEMO_RP_PORT: String(demoRpPort), DEMO_RP_CLIENT_ID: `naql-demo-${demoRpPort}`, OCSP_PORT: String(ocspPort), LOG_LEVEL: 'warn' };
    const platform = new PlatformProcess(await freePort(), env);
    await platform.start();
    const answers = async (port: number) => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined))?.status === 200;
    const deadline = Date.now() + 60_000;
    while (!(await answers(demoRpPort)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await answers(demoRpPort)).toBe(true);
    expect(await answers(ocspPort)).toBe(true);

    await platform.stop('SIGKILL');
    const gone = Date.now() + 15_000;
    while ((await answers(demoRpPort)) || (await answers(ocspPort))) {
      if (Date.now() > gone) throw new Error('a child of the killed platform still answers on its port');
      await new Promise((r) => setTimeout(r, 200));
    }
  });
});
