import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A plain document of `pages` pages, made by pdf-lib (another tool than the platform's writer). */
export async function testPdf(pages = 1, text = 'Theqa signing test'): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) document.addPage([595, 842]).drawText(`${text}, page ${i}`, { x: 72, y: 760, size: 18, font });
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

export function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

/**
 * poppler's pdfsig with an NSS database in `dir` that trusts `rootPem` (certutil, made on first use):
 * its report. Never a synchronous child: pdfsig asks the platform's OCSP responder, whose database may
 * be served from this very process (the run's embedded PostgreSQL).
 */
export async function pdfsigWithRoot(file: string, rootPem: string, dir: string): Promise<{ status: number | null; output: string }> {
  const nss = path.join(dir, 'nss');
  if (!fs.existsSync(path.join(nss, 'cert9.db'))) {
    fs.mkdirSync(nss, { recursive: true });
    const root = path.join(dir, 'root.pem');
    fs.writeFileSync(root, rootPem);
    for (const args of [['-N', '-d', `sql:${nss}`, '--empty-password'], ['-A', '-d', `sql:${nss}`, '-n', 'theqa-root', '-t', 'CT,C,C', '-i', root]]) {
      const made = await runAsync('certutil', args);
      if (made.status !== 0) throw new Error(`certutil ${args.join(' ')}: ${made.output}`);
    }
  }
  return runAsync('pdfsig', ['-nssdir', `sql:${nss}`, file]);
}

function runAsync(command: string, args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    child.once('error', reject);
    child.once('exit', (status) => resolve({ status, output }));
  });
}
