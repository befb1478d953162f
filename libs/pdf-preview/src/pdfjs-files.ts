import path from 'node:path';

/**
 * Where pdf.js's worker and standard fonts are in the installed packages (what a server serves from
 * sources, and tools/build.cjs copies into a built tree); undefined without pdfjs-dist (a development
 * package, as esbuild is).
 */
export function pdfjsSources(): { worker: string; fonts: string } | undefined {
  try {
    const worker = require.resolve('pdfjs-dist/build/pdf.worker.min.mjs');
    return { worker, fonts: path.join(path.dirname(worker), '..', 'standard_fonts') };
  } catch {
    return undefined;
  }
}
