/** Input PDFs for the tests, made by other tools: pdf-lib here, qpdf and LibreOffice elsewhere. */
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFString, StandardFonts } from 'pdf-lib';
import { runStatus } from './run';

/** A plain document of `pages` pages with a line of text on each (pdf-lib writes object streams by default; off here). */
export async function plainPdf(pages = 1, options: { objectStreams?: boolean } = {}): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) {
    const page = document.addPage([595, 842]);
    page.drawText(`Theqa test document, page ${i}`, { x: 72, y: 760, size: 18, font });
  }
  return Buffer.from(await document.save({ useObjectStreams: options.objectStreams ?? false }));
}

/** `qpdf ARGS… in out`: a variant of `pdf` written by qpdf. */
export function qpdfVariant(pdf: Buffer, dir: string, name: string, args: string[]): Buffer {
  const input = path.join(dir, `${name}.in.pdf`);
  const output = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(input, pdf);
  // qpdf exits 3 for warnings only (the output is written); anything else is a failure.
  const result = runStatus('qpdf', [...args, input, output]);
  if (result.status !== 0 && result.status !== 3) throw new Error(`qpdf ${args.join(' ')} failed:\n${result.output}`);
  return fs.readFileSync(output);
}

/**
 * `count` incremental updates appended by hand, each a new /Info dictionary under a classic
 * cross-reference table and trailer with /Prev, as a PDF 1.4 writer that saves incrementally would.
 */
export function withIncrementalUpdates(pdf: Buffer, count: number): Buffer {
  let file = Buffer.from(pdf);
  for (let n = 1; n <= count; n++) {
    const text = file.toString('latin1');
    const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)![1]);
    const trailer = text.slice(text.lastIndexOf('trailer'));
    const size = Number(/\/Size (\d+)/.exec(trailer)![1]);
    const root = /\/Root (\d+ \d+ R)/.exec(trailer)![1];
    const object = `${size} 0 obj\n<< /Title (Revision ${n}) /Producer (hand-made update ${n}) >>\nendobj\n`;
    const objectOffset = file.length + 1;
    const xrefOffset = objectOffset + object.length;
    const update =
      `\n${object}xref\n0 1\n0000000000 65535 f\r\n${size} 1\n${String(objectOffset).padStart(10, '0')} 00000 n\r\n` +
      `trailer\n<< /Size ${size + 1} /Root ${root} /Info ${size} 0 R /Prev ${startxref} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
    file = Buffer.concat([file, Buffer.from(update, 'latin1')]);
  }
  return file;
}

/** A form made with pdf-lib: a filled text field, a checked box, a choice, and an empty signature field. */
export async function formPdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const page = document.addPage([595, 842]);
  page.drawText('Application form', { x: 72, y: 760, size: 18, font });
  const form = document.getForm();
  const name = form.createTextField('applicant.name');
  name.setText('Salim Al-Harthy');
  name.addToPage(page, { x: 72, y: 680, width: 250, height: 24 });
  const agree = form.createCheckBox('agree');
  agree.addToPage(page, { x: 72, y: 640, width: 18, height: 18 });
  agree.check();
  const region = form.createDropdown('region');
  region.addOptions(['Muscat', 'Dhofar', 'Al Batinah']);
  region.select('Dhofar');
  region.addToPage(page, { x: 72, y: 600, width: 150, height: 24 });
  // pdf-lib has no API for signature fields: an empty one, merged with its widget, written by hand.
  const signatureField = document.context.register(
    document.context.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Sig', T: PDFString.of('ApproverSignature'), Rect: [350, 80, 550, 150], F: 4, P: page.ref }),
  );
  page.node.addAnnot(signatureField);
  form.acroForm.addField(signatureField);
  return Buffer.from(await document.save({ useObjectStreams: false }));
}
