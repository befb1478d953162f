/** The cross-reference section and trailer that close an incremental update: a table or a stream. */
import { PdfDict, PdfName, PdfStream, type PdfRef } from '../pdf/objects';
import { Serializer, type ByteSink } from './serializer';

export interface WrittenObject {
  num: number;
  gen: number;
  offset: number;
}

/** Consecutive object numbers, as the subsections of a table or the pairs of an /Index. */
function runs(objects: WrittenObject[]): WrittenObject[][] {
  const result: WrittenObject[][] = [];
  for (const object of objects) {
    const run = result[result.length - 1];
    if (run && run[run.length - 1].num + 1 === object.num) run.push(object);
    else result.push([object]);
  }
  return result;
}

export function writeXrefTable(sink: ByteSink, base: number, objects: WrittenObject[], trailer: PdfDict): void {
  const xrefOffset = base + sink.length;
  sink.text('xref\n');
  for (const run of runs(objects)) {
    sink.text(`${run[0].num} ${run.length}\n`);
    for (const object of run) sink.text(`${String(object.offset).padStart(10, '0')} ${String(object.gen).padStart(5, '0')} n\r\n`);
  }
  sink.text('trailer\n');
  new Serializer(sink).write(trailer, { num: 0, gen: 0 });
  sink.text(`\nstartxref\n${xrefOffset}\n%%EOF\n`);
}

export function writeXrefStream(sink: ByteSink, base: number, objects: WrittenObject[], trailer: PdfDict, self: PdfRef): void {
  const xrefOffset = base + sink.length;
  const entries = [...objects, { num: self.num, gen: 0, offset: xrefOffset }];
  const offsetWidth = Math.max(4, Math.ceil(Math.log2(xrefOffset + 1) / 8));
  const rowWidth = 1 + offsetWidth + 2;
  const data = Buffer.alloc(entries.length * rowWidth);
  entries.forEach((entry, i) => {
    const at = i * rowWidth;
    data[at] = 1;
    data.writeUIntBE(entry.offset, at + 1, offsetWidth);
    data.writeUInt16BE(entry.gen, at + 1 + offsetWidth);
  });
  const dict = new PdfDict([['Type', PdfName.of('XRef')]]);
  for (const [key, value] of trailer.entries) dict.set(key, value);
  dict.set('Size', Math.max(trailer.get('Size') as number, self.num + 1));
  dict.set('Index', runs(entries).flatMap((run) => [run[0].num, run.length]));
  dict.set('W', [1, offsetWidth, 2]);
  sink.text(`${self.num} 0 obj\n`);
  // Cross-reference streams are never encrypted (§7.6.2).
  new Serializer(sink).write(new PdfStream(dict, data), { num: self.num, gen: 0 });
  sink.text(`\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`);
}
