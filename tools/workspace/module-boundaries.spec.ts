import { execFileSync } from 'node:child_process';
import path from 'node:path';

// The dependency direction of DESIGN.md, checked the way `npm run lint` checks it.
const ROOT = path.resolve(__dirname, '../..');

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
});
