import { randomBytes } from 'node:crypto';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';

/**
 * PDFs of a given size made by another tool (pdf-lib, no object streams, as most producers write):
 * `pages` pages, each with a line of text and, to reach `bytes` in all, a grey-noise image (random
 * bytes, so nothing compresses them away) drawn small in a corner.
 */
export async function makePdf(pages: number, bytes: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const perPage = Math.floor(bytes / pages) - 600;
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595, 842]);
    page.drawText(`Page ${i + 1} of ${pages}: a document for the signing benchmark`, { x: 72, y: 770, size: 12, font });
    if (perPage >= 64) {
      const side = Math.floor(Math.sqrt(perPage));
      const image = doc.context.register(
        doc.context.stream(randomBytes(side * side), { Type: 'XObject', Subtype: 'Image', Width: side, Height: side, ColorSpace: 'DeviceGray', BitsPerComponent: 8 }),
      );
      page.node.setXObject(PDFName.of('Noise'), image);
      page.node.addContentStream(doc.context.register(doc.context.stream('q 40 0 0 40 520 20 cm /Noise Do Q\n')));
    }
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
