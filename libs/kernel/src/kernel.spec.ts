import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

describe('the kernel itself', () => {
  // The web wallet bundles @theqa/device-protocol, which uses the kernel: no Node API may appear here.
  const sources = readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
  const nodeModule = new RegExp(`from '(?:node:[^']+|${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})'`);
  const nodeApi = /\brequire\(|\bBuffer\b|\bprocess\.|\b__dirname\b|\bsetImmediate\b|\bglobal\./;

  it('has sources to check', () => {
    expect(sources).toEqual(expect.arrayContaining(['index.ts', 'civil-number.ts', 'assurance.ts', 'bilingual.ts', 'canonical-json.ts']));
  });

  it.each(sources)('%s uses no Node API, so a browser bundle can load it', (file) => {
    const source = readFileSync(join(__dirname, file), 'utf8');
    expect({ file, node: nodeModule.test(source) || nodeApi.test(source) }).toEqual({ file, node: false });
  });

  it('imports no other library: everything else depends on it', () => {
    for (const file of sources) expect(readFileSync(join(__dirname, file), 'utf8')).not.toMatch(/from '(?!\.)/);
  });

  it('would notice a Node import', () => {
    expect(nodeModule.test("import { randomBytes } from 'node:crypto';")).toBe(true);
    expect(nodeModule.test("import { readFileSync } from 'fs';")).toBe(true);
    expect(nodeApi.test('const b = Buffer.from(x);')).toBe(true);
  });
});
