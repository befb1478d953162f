import { execFileSync } from 'node:child_process';
import { createHash, sign } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import { signPdf, signPdfParts, validatePdf } from '@theqa/pades';
import { collectGarbage, measureRate, median, report, settle, type Benchmark } from './lib/benchmark';
import { makePdf } from './lib/pdf-fixtures';
import { qualifiedSigner, referenceP12 } from './lib/signing-fixture';

const MB = 1024 * 1024;

interface Case {
  name: string;
  pdf: Buffer;
  rounds: number;
  /** Signatures per round. */
  perRound: number;
  referenceRounds: number;
}

/**
 * Signing PDFs in one process (prepare + complete, the device's signature made in process, B-B so that
 * no time-stamp's network trip is timed), as parts (the input and its update) and joined into one
 * buffer, against the floor — SHA-256 of the file plus one ECDSA signature, which no signer can avoid —
 * and against @signpdf with its pdf-lib placeholder (load, add the placeholder, save, sign), the usual
 * way in Node. Rates are per second of CPU time, medians of rounds that alternate between them. Also: a 2,000-page file against its floor, validating the
 * 20 MB signed file, and the peak memory of signing it in a process of its own.
 */
export const signingBenchmark: Benchmark = {
  name: 'signing',
  description: 'PAdES signing of 1 MB and 20 MB PDFs against the floor and @signpdf; validation; memory',
  async run(args) {
    const scale = Number(args[0] ?? 1);
    const { key, certificate, chain, root } = await qualifiedSigner();
    const signer = async (data: Buffer) => sign('sha256', data, { key, dsaEncoding: 'der' });
    // The signed file as the input followed by its update (what `pdf sign` writes), and joined into one buffer.
    const ours = (pdf: Buffer) => signPdfParts(pdf, { certificate, chain, level: 'B-B', signer });
    const joined = (pdf: Buffer) => signPdf(pdf, { certificate, chain, level: 'B-B', signer });
    const floor = (pdf: Buffer) => sign('sha256', createHash('sha256').update(pdf).digest(), { key, dsaEncoding: 'der' });
    const p12 = referenceP12();
    const reference = async (pdf: Buffer) => {
      const document = await PDFDocument.load(pdf);
      pdflibAddPlaceholder({ pdfDoc: document, reason: 'benchmark', contactInfo: '', name: 'reference', location: '' });
      // A P12Signer reads its PKCS#12 through a forge buffer that its first signature consumes: one per signature.
      return new SignPdf().sign(Buffer.from(await document.save({ useObjectStreams: false })), new P12Signer(p12));
    };

    const cases: Case[] = [
      { name: '1 MB', pdf: await makePdf(20, 1 * MB * scale), rounds: 5, perRound: 256, referenceRounds: 3 },
      { name: '20 MB', pdf: await makePdf(200, 20 * MB * scale), rounds: 5, perRound: 16, referenceRounds: 2 },
      { name: '2,000 pages', pdf: await makePdf(2000, 2 * MB * scale), rounds: 5, perRound: 128, referenceRounds: 0 },
    ];
    const notes: string[] = [];
    const perCase = new Map<string, { ours: number; joined: number; floor: number; reference?: number }>();
    for (const c of cases) {
      await ours(c.pdf); // warm-up: JIT and the first call's lazy loads
      await joined(c.pdf);
      floor(c.pdf);
      await betweenRounds(); // what making the fixtures left
      const rates = { ours: [] as number[], joined: [] as number[], floor: [] as number[], reference: [] as number[] };
      for (let round = 0; round < c.rounds; round++) {
        // Each joined file is a new buffer of the file's size, and V8 collects the whole heap for about
        // every 64 MB of them: rounds are long enough to hold several of those collections, and the heap
        // is collected between rounds, outside the timing, so that no round pays for another's garbage
        // (with ten signatures a round, the joined files' collections fell in the floor's rounds).
        rates.ours.push((await measureRate(c.perRound, () => ours(c.pdf))).cpu);
        await betweenRounds();
        rates.floor.push((await measureRate(c.perRound, () => floor(c.pdf))).cpu);
        await betweenRounds();
        rates.joined.push((await measureRate(c.perRound, () => joined(c.pdf))).cpu);
        await betweenRounds();
        if (round < c.referenceRounds) {
          rates.reference.push((await measureRate(1, () => reference(c.pdf))).cpu);
          await betweenRounds();
        }
      }
      const figures = { ours: median(rates.ours), joined: median(rates.joined), floor: median(rates.floor), reference: rates.reference.length ? median(rates.reference) : undefined };
      perCase.set(c.name, figures);
      notes.push(
        `${c.name} (${(c.pdf.length / MB).toFixed(1)} MiB): floor ${ms(figures.floor)}; theqa ${ms(figures.ours)} per signature → ${(figures.floor / figures.ours).toFixed(2)}× the floor (target ≤ 3×); ` +
          `joined into one buffer ${ms(figures.joined)} → ${(figures.floor / figures.joined).toFixed(2)}×` +
          (figures.reference ? `; @signpdf ${ms(figures.reference)} → theqa joined ${(figures.joined / figures.reference).toFixed(1)}× faster` : ''),
      );
    }

    const big = cases[1].pdf;
    const signedBig = await joined(big);
    const anchors = [root];
    await validatePdf(signedBig, { trustAnchors: anchors });
    const validation = median(await Promise.all([0, 1, 2].map(async () => (await measureRate(3, () => validatePdf(signedBig, { trustAnchors: anchors }))).cpu)));
    notes.push(`validating the signed 20 MB file: ${ms(validation)} of CPU (target ≤ 100 ms)`);
    notes.push(memoryNote(big, cases[0].pdf, { key: key.export({ type: 'pkcs8', format: 'pem' }) as string, certificate, chain }));
    notes.push('B-B, the signature made in process with P-256 (the reference: RSA-2048 from a PKCS#12 through node-forge, the only key type its P12 support takes)');
    notes.push('"theqa": signPdfParts, the input followed by the appended update, as `pdf sign` writes it; "joined": signPdf, one new buffer (here writing a fresh file-sized buffer costs more than hashing it)');

    const twenty = perCase.get('20 MB');
    if (!twenty?.reference) throw new Error('the 20 MB case did not run');
    return report(
      { label: 'theqa signPdf (joined), 20 MB, per CPU-second', value: twenty.joined, unit: 'signatures/s' },
      { label: '@signpdf + pdf-lib placeholder, 20 MB, per CPU-second', value: twenty.reference, unit: 'signatures/s' },
      { target: '≤ 3× the floor on 1 MB, 20 MB and 2,000 pages; ≥ 20× faster than @signpdf on 20 MB; validation of 20 MB ≤ 100 ms; peak memory ≤ 3× the file', notes },
    );
  },
};

/** Collects what a round left, and lets the collector's threads finish, before the next round is timed. */
async function betweenRounds(): Promise<void> {
  collectGarbage();
  await settle();
}

function ms(ratePerSecond: number): string {
  return `${(1000 / ratePerSecond).toFixed(ratePerSecond > 100 ? 2 : 1)} ms`;
}

/** Peak memory of signing the file, measured in a child process (signing-memory-probe.ts). */
function memoryNote(pdf: Buffer, small: Buffer, signer: { key: string; certificate: Buffer; chain: Buffer[] }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-bench-signing-'));
  try {
    const files = { pdf: path.join(dir, 'big.pdf'), small: path.join(dir, 'small.pdf'), key: path.join(dir, 'key.pem'), certificate: path.join(dir, 'cert.der') };
    fs.writeFileSync(files.pdf, pdf);
    fs.writeFileSync(files.small, small);
    fs.writeFileSync(files.key, signer.key, { mode: 0o600 });
    fs.writeFileSync(files.certificate, signer.certificate);
    const chain = signer.chain.map((der, i) => {
      const file = path.join(dir, `chain-${i}.der`);
      fs.writeFileSync(file, der);
      return file;
    });
    const probe = path.join(__dirname, 'lib', 'signing-memory-probe.ts');
    const runTs = path.resolve(__dirname, '..', 'tools', 'run-ts.cjs');
    const out = execFileSync(process.execPath, ['--expose-gc', runTs, probe, files.pdf, files.small, files.key, files.certificate, ...chain], { encoding: 'utf8' });
    const { size, growth } = JSON.parse(out) as { size: number; growth: number };
    return `peak memory of signing the 20 MB file in a process of its own: ${(growth / MB).toFixed(1)} MiB over what it held before reading it = ${(growth / size).toFixed(2)}× the file (target ≤ 3×)`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
