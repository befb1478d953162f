/** A form made by pdf-lib: a text field filled in ("applicant") and one left empty ("remarks"). */
import { PDFDocument } from 'pdf-lib';

export async function formPdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const page = document.addPage([595, 842]);
  const form = document.getForm();
  const applicant = form.createTextField('applicant');
  applicant.setText('Alice Citizen');
  applicant.addToPage(page, { x: 72, y: 700, width: 300, height: 24 });
  const remarks = form.createTextField('remarks');
  remarks.addToPage(page, { x: 72, y: 650, width: 300, height: 24 });
  return Buffer.from(await document.save({ useObjectStreams: false }));
}
