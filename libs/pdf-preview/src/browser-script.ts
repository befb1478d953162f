/**
 * A page's script bundled for the browser from its TypeScript entry (esbuild, a development package:
 * a built tree carries the bundle already, made by tools/build.cjs with the same options). Workspace
 * aliases resolve through tsconfig, so the entry may import `@theqa/pdf-preview/browser` and the kernel.
 */
export async function bundleBrowserScript(entry: string): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', legalComments: 'none', logLevel: 'silent' });
  return result.outputFiles[0].text;
}
