import fs from 'node:fs';
import { createPrivateKey, sign } from 'node:crypto';
import { signPdf } from '@theqa/pades';

/**
 * Run in a child process of its own by the signing benchmark: signs one file and prints how much the
 * process's peak resident memory grew over what it held before reading the file (the modules loaded and
 * warmed up on a small file), as JSON. A process of its own, so nothing else's garbage counts.
 */
async function probe([pdfFile, smallFile, keyFile, certificateFile, ...chainFiles]: string[]): Promise<void> {
  const key = createPrivateKey(fs.readFileSync(keyFile));
  const certificate = fs.readFileSync(certificateFile);
  const chain = chainFiles.map((file) => fs.readFileSync(file));
  const signer = async (data: Buffer) => sign('sha256', data, { key, dsaEncoding: 'der' });
  await signPdf(fs.readFileSync(smallFile), { certificate, chain, level: 'B-B', signer });
  global.gc?.();
  const before = process.memoryUsage().rss;
  const pdf = fs.readFileSync(pdfFile);
  const signed = await signPdf(pdf, { certificate, chain, level: 'B-B', signer });
  const peak = peakResidentMemory();
  process.stdout.write(JSON.stringify({ size: pdf.length, signed: signed.length, growth: Math.max(0, peak - before) }) + '\n');
}

/**
 * This process's peak resident memory: Linux's VmHWM, which starts afresh at exec. getrusage's maxRSS
 * does not: it keeps the high-water mark of the parent's memory the child was forked with (a benchmark
 * holding 200 MB of PDFs made every child look 200 MB big), so it is only the fallback off Linux.
 */
function peakResidentMemory(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

probe(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
