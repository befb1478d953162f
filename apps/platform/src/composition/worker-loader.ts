import path from 'node:path';

// Run from the TypeScript sources (tools/run-ts.cjs) or from the swc build (dist/): threads and child
// processes this process starts must load code the same way it was loaded.
const FROM_SOURCES = __filename.endsWith('.ts');
const ROOT = path.resolve(__dirname, '../../../..');

/** What an issuance worker thread must require first: the TypeScript loader from sources, nothing when built. */
export function issuanceWorkerLoader(): string | undefined {
  return FROM_SOURCES ? path.join(ROOT, 'tools/ts-hook.cjs') : undefined;
}

/** How to fork one of the platform's own entry modules (a path without its extension). */
export function childEntry(moduleWithoutExtension: string): { entry: string; args: string[] } {
  return FROM_SOURCES ? { entry: path.join(ROOT, 'tools/run-ts.cjs'), args: [`${moduleWithoutExtension}.ts`] } : { entry: `${moduleWithoutExtension}.js`, args: [] };
}
