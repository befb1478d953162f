/** Input PDFs for the tests, made by other tools: pdf-lib here, qpdf and LibreOffice elsewhere. */
import { PDFDocument, StandardFonts } from 'pdf-lib';

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
