import { execFileSync } from 'node:child_process';
import path from 'node:path';

// The dependency direction of DESIGN.md, checked the way `npm run lint` checks it.
const ROOT = path.resolve(__dirname, '../..');

// The boundary rule reads Nx's project graph from its cache and, when there is none, lets everything
// pass with a mere warning: build it first, as `nx run-many -t lint` does, so the rule really runs.
beforeAll(() => {
  execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'show', 'projects'], { cwd: ROOT, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' }, stdio: 'ignore' });
}, 60_000);

interface LintMessage {
  ruleId: string | null;
  message: string;
}

async function lint(filePath: string, text: string): Promise<LintMessage[]> {
  const input = JSON.stringify({ filePath: path.join(ROOT, filePath), text });
  return JSON.parse(execFileSync(process.execPath, [path.join(__dirname, 'lint-text.cjs')], { cwd: ROOT, input, encoding: 'utf8' }));
}

async function boundaryErrors(filePath: string, text: string): Promise<string[]> {
  const messages = await lint(filePath, text);
  return messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
  it('lets an app import libraries and the HTTP shell', async () => {
    const text = "import { openDatabase } from '@theqa/persistence';\nimport { Problems } from '@theqa/http-shell';\nexport const used = [openDatabase, Problems];\n";
    await expect(boundaryErrors('apps/cli/src/probe.ts', text)).resolves.toEqual([]);
  });

  it('refuses a library that imports the HTTP shell (libraries know nothing of HTTP)', async () => {
    const text = "import { Problems } from '@theqa/http-shell';\nexport const used = Problems;\n";
    const errors = await boundaryErrors('libs/persistence/src/probe.ts', text);
    expect(errors.join('\n')).toMatch(/type:lib.*can only depend on/);
  });

  it('refuses a library that imports an app', async () => {
    const text = "import { startPlatform } from '../../../apps/platform/src/platform';\nexport const used = startPlatform;\n";
    expect(await boundaryErrors('libs/http-shell/src/probe.ts', text)).not.toEqual([]);
  });

  it('lets every library, the stand-alone ones included, and the HTTP shell import the kernel', async () => {
    const text = "import { canonicalJson } from '@theqa/kernel';\nexport const used = canonicalJson;\n";
    for (const lib of ['ca', 'audit', 'device-protocol', 'integrations', 'login', 'persistence', 'http-shell']) {
      await expect(boundaryErrors(`libs/${lib}/src/probe.ts`, text)).resolves.toEqual([]);
    }
  });

  it('keeps the stand-alone libraries apart from other libraries', async () => {
    const text = "import { canonicalEvent } from '@theqa/audit';\nexport const used = canonicalEvent;\n";
    expect((await boundaryErrors('libs/ca/src/probe.ts', text)).join('\n')).toMatch(/scope:ca.*can only depend on.*scope:kernel/);
  });

  it('lets the kernel import no library', async () => {
    // (A library that uses the kernel would be reported as a cycle first; test support uses none.)
    const text = "import { freePort } from '@theqa/testing';\nexport const used = freePort;\n";
    expect((await boundaryErrors('libs/kernel/src/probe.ts', text)).join('\n')).toMatch(/scope:kernel.*cannot depend on any libs/);
  });

  it('refuses test helpers in production code', async () => {
    const messages = await lint('apps/platform/src/probe.ts', "import { freePort } from '@theqa/testing';\nexport const used = freePort;\n");
    expect(messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
  });

  it('keeps key custody apart: the CA uses only @theqa/keys, and @theqa/keys uses no lib', async () => {
    await expect(boundaryErrors('libs/ca/src/probe.ts', "import { openKeyStore } from '@theqa/keys';\nexport const used = openKeyStore;\n")).resolves.toEqual([]);
    const caUsesAudit = await boundaryErrors('libs/ca/src/probe.ts', "import { canonicalJson } from '@theqa/audit';\nexport const used = canonicalJson;\n");
    expect(caUsesAudit.join('\n')).toMatch(/scope:ca.*can only depend on.*scope:keys/);
    const keysUsesAudit = await boundaryErrors('libs/keys/src/probe.ts', "import { canonicalJson } from '@theqa/audit';\nexport const used = canonicalJson;\n");
    expect(keysUsesAudit.join('\n')).toMatch(/scope:keys.*can only depend on.*scope:kernel/);
  });

  it('refuses the port fakes at @theqa/<lib>/testing in production code, and lets tests and benchmarks use them', async () => {
    const keysFake = "import { MemoryKeyStore } from '@theqa/keys/testing';\nexport const used = MemoryKeyStore;\n";
    const caFake = "import { MemoryLedger } from '@theqa/ca/testing';\nexport const used = MemoryLedger;\n";
    for (const fake of [keysFake, caFake]) {
      expect((await lint('libs/ca-service/src/probe.ts', fake)).map((m) => m.ruleId)).toContain('no-restricted-imports');
    }
    expect(await lint('libs/ca-service/test/probe.spec.ts', keysFake)).toEqual([]);
    expect(await lint('bench/lib/probe.ts', caFake)).toEqual([]);
  });

  describe('development stand-ins', () => {
    const standIns = "import { SyntheticCivilRegistry } from '@theqa/dev-standins';\nexport const used = SyntheticCivilRegistry;\n";
    const restricted = (messages: LintMessage[]) => messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);

    it('are refused in a library', async () => {
      expect(restricted(await lint('libs/identity/src/probe.ts', standIns)).join('\n')).toMatch(/development stand-ins are for tests/);
    });

    it('are refused in an app, even one whose tags would allow the library', async () => {
      const messages = await lint('apps/gateway/src/probe.ts', standIns);
      expect(restricted(messages).join('\n')).toMatch(/development stand-ins are for tests/);
      expect(messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries')).toEqual([]);
    });

    it('are refused by deep path too', async () => {
      const deep = "import { SyntheticCivilRegistry } from '@theqa/dev-standins/src/registry/synthetic-civil-registry';\nexport const used = SyntheticCivilRegistry;\n";
      expect(restricted(await lint('apps/gateway/src/probe.ts', deep))).not.toEqual([]);
    });

    it('are allowed in the composition root module that chooses them, where test helpers still are not', async () => {
      await expect(lint('apps/platform/src/composition/development-stand-ins.ts', standIns)).resolves.toEqual([]);
      const helpers = await lint('apps/platform/src/composition/development-stand-ins.ts', "import { freePort } from '@theqa/testing';\nexport const used = freePort;\n");
      expect(restricted(helpers).join('\n')).toMatch(/test helpers are for tests only/);
    });

    it('are allowed in tests', async () => {
      expect(restricted(await lint('apps/gateway/src/probe.spec.ts', standIns))).toEqual([]);
    });
  });

  it('refuses production code that reaches into tools/ by a relative path', async () => {
    const probe = "import { aliases } from '../../../tools/ts-hook.cjs';\nexport const used = aliases;\n";
    const fromLib = await lint('libs/ca-service/src/probe.ts', probe);
    expect(fromLib.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message).join('\n')).toMatch(/never reaches into tools/);
    const fromApp = await lint('apps/gateway/src/probe.ts', probe);
    expect(fromApp.map((m) => m.ruleId)).toContain('no-restricted-imports');
  });
});
