/**
 * A signature appearance written as objects of the update: the form XObject (/AP /N of the widget)
 * and, for each font, a Type 0 font with Identity-H encoding over one CIDFontType2 descendant
 * (CIDToGIDMap Identity), its FontDescriptor with the FontFile2 subset, and its ToUnicode CMap so
 * the signer's name can be searched and copied.
 */
import { deflate } from '../pdf/filters';
import { PdfDict, PdfStream, PdfString, dict, name, type PdfObject, type PdfRef } from '../pdf/objects';
import type { IncrementalUpdate } from '../writer/incremental-update';
import type { EmbeddedFont, SignatureAppearance } from './signature-appearance';

export function addAppearance(update: IncrementalUpdate, appearance: SignatureAppearance): PdfRef {
  const fonts = new PdfDict();
  for (const font of appearance.fonts) fonts.set(font.resourceName, addFont(update, font));
  return update.add(
    new PdfStream(
      dict({
        Type: name('XObject'),
        Subtype: name('Form'),
        BBox: [0, 0, appearance.width, appearance.height],
        Resources: dict({ Font: fonts.entries.size ? fonts : undefined, ProcSet: [name('PDF'), name('Text')] }),
        Filter: name('FlateDecode'),
      }),
      deflate(appearance.content),
    ),
  );
}

/** The appearance of an invisible signature: an empty form, so every widget has one (§12.5.5). */
export function addEmptyAppearance(update: IncrementalUpdate): PdfRef {
  return update.add(new PdfStream(dict({ Type: name('XObject'), Subtype: name('Form'), BBox: [0, 0, 0, 0] }), Buffer.alloc(0)));
}

function addFont(update: IncrementalUpdate, font: EmbeddedFont): PdfRef {
  const d = font.descriptor;
  const fontFile = update.add(new PdfStream(dict({ Length1: font.fontFile2.length, Filter: name('FlateDecode') }), deflate(font.fontFile2)));
  const descriptor = update.add(
    dict({
      Type: name('FontDescriptor'),
      FontName: name(font.postScriptName),
      Flags: d.flags,
      FontBBox: d.bbox,
      ItalicAngle: d.italicAngle,
      Ascent: d.ascent,
      Descent: d.descent,
      CapHeight: d.capHeight,
      StemV: d.stemV,
      FontFile2: fontFile,
    }),
  );
  const descendant = update.add(
    dict({
      Type: name('Font'),
      Subtype: name('CIDFontType2'),
      BaseFont: name(font.postScriptName),
      CIDSystemInfo: dict({ Registry: PdfString.latin1('Adobe'), Ordering: PdfString.latin1('Identity'), Supplement: 0 }),
      FontDescriptor: descriptor,
      W: widthArray(font.widths),
      CIDToGIDMap: name('Identity'),
    }),
  );
  const toUnicode = update.add(new PdfStream(dict({ Filter: name('FlateDecode') }), deflate(font.toUnicode)));
  return update.add(
    dict({
      Type: name('Font'),
      Subtype: name('Type0'),
      BaseFont: name(font.postScriptName),
      Encoding: name('Identity-H'),
      DescendantFonts: [descendant],
      ToUnicode: toUnicode,
    }),
  );
}

/** `/W [c [w1 w2 …] …]`: one run per block of consecutive CIDs (§9.7.4.3). */
export function widthArray(widths: Array<[number, number]>): PdfObject[] {
  const sorted = [...new Map(widths).entries()].sort(([a], [b]) => a - b);
  const result: PdfObject[] = [];
  let run: number[] = [];
  let runStart = -1;
  let previous = -2;
  for (const [cid, width] of sorted) {
    if (cid !== previous + 1) {
      if (run.length) result.push(runStart, run);
      run = [];
      runStart = cid;
    }
    run.push(Math.round(width * 1000) / 1000);
    previous = cid;
  }
  if (run.length) result.push(runStart, run);
  return result;
}
