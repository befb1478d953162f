/**
 * An incremental update (ISO 32000-2 §7.5.6): the new and changed objects, a cross-reference section
 * of the same kind as the file's newest one, and a trailer with /Prev. The bytes before it are never
 * touched, so every earlier signature stays intact.
 */
import { PdfError } from '../errors';
import { PdfDict, PdfRef, type PdfObject } from '../pdf/objects';
import type { PdfDocument } from '../pdf/pdf-document';
import type { ByteRangePlaceholder, ContentsPlaceholder, PlaceholderPosition } from './placeholders';
import { ByteSink, Serializer } from './serializer';
import { writeXrefStream, writeXrefTable, type WrittenObject } from './xref-writer';

export type UpdateValue = PdfObject | ByteRangePlaceholder | ContentsPlaceholder;

interface StagedObject {
  gen: number;
  value: UpdateValue;
  /** False for the few objects never encrypted (none today besides the cross-reference stream). */
  encrypted: boolean;
}

export interface WrittenUpdate {
  /** The bytes to append to the document. */
  bytes: Buffer;
  /** Absolute offsets (in the whole file) of the placeholders, when the update has a signature. */
  byteRange?: PlaceholderPosition;
  contents?: PlaceholderPosition;
}

export class IncrementalUpdate {
  private readonly staged = new Map<number, StagedObject>();
  private nextNumber: number;

  constructor(readonly document: PdfDocument) {
    this.nextNumber = Math.max(document.size, 1);
  }

  /** A number for a new object. */
  allocate(): PdfRef {
    return new PdfRef(this.nextNumber++, 0);
  }

  /** Adds a new object, or replaces an existing one in this update. */
  put(ref: PdfRef, value: UpdateValue, options: { encrypted?: boolean } = {}): PdfRef {
    this.staged.set(ref.num, { gen: ref.gen, value, encrypted: options.encrypted ?? true });
    return ref;
  }

  add(value: UpdateValue): PdfRef {
    return this.put(this.allocate(), value);
  }

  /**
   * A dictionary object to change: the copy already staged in this update, or a fresh copy of the
   * document's, staged under the same number and generation.
   */
  edit(ref: PdfRef): PdfDict {
    const staged = this.staged.get(ref.num);
    if (staged?.value instanceof PdfDict) return staged.value;
    const current = this.document.resolve(ref);
    if (!(current instanceof PdfDict)) throw new PdfError('pdf-malformed', `object ${ref.num} is not a dictionary`);
    const copy = current.clone();
    this.put(new PdfRef(ref.num, this.document.generationOf(ref.num)), copy);
    return copy;
  }

  /** An array object to change, as `edit` does for dictionaries. */
  editArray(ref: PdfRef): PdfObject[] {
    const staged = this.staged.get(ref.num);
    if (Array.isArray(staged?.value)) return staged.value;
    const current = this.document.resolve(ref);
    if (!Array.isArray(current)) throw new PdfError('pdf-malformed', `object ${ref.num} is not an array`);
    const copy = [...current];
    this.put(new PdfRef(ref.num, this.document.generationOf(ref.num)), copy);
    return copy;
  }

  /** The object as this update will leave it: the staged value, else the document's. */
  resolve(value: PdfObject | undefined): PdfObject | undefined {
    if (value instanceof PdfRef) {
      const staged = this.staged.get(value.num);
      if (staged) return staged.value as PdfObject;
    }
    return this.document.resolve(value);
  }

  get isEmpty(): boolean {
    return this.staged.size === 0;
  }

  write(): WrittenUpdate {
    const document = this.document;
    const base = document.source.length;
    const sink = new ByteSink();
    const last = document.source.last.buffer;
    const lastByte = last[last.length - 1];
    if (lastByte !== 0x0a && lastByte !== 0x0d) sink.text('\n');
    const serializer = new Serializer(sink);
    const written: WrittenObject[] = [];
    for (const [num, object] of [...this.staged].sort(([a], [b]) => a - b)) {
      written.push({ num, gen: object.gen, offset: base + sink.length });
      sink.text(`${num} ${object.gen} obj\n`);
      serializer.write(object.value, { num, gen: object.gen, cipher: object.encrypted ? document.cipher : undefined });
      sink.text('\nendobj\n');
    }
    const trailer = new PdfDict();
    trailer.set('Size', Math.max(document.size, this.nextNumber));
    trailer.set('Root', document.rootRef);
    if (document.info !== undefined) trailer.set('Info', document.info);
    if (document.encrypt !== undefined) trailer.set('Encrypt', document.encrypt);
    if (document.id !== undefined) trailer.set('ID', document.id);
    trailer.set('Prev', document.startxref);
    if (document.lastSectionKind === 'stream') writeXrefStream(sink, base, written, trailer, this.allocate());
    else writeXrefTable(sink, base, written, trailer);
    const absolute = (position: PlaceholderPosition | undefined) => position && { start: base + position.start, end: base + position.end };
    return {
      bytes: sink.toBuffer(),
      byteRange: absolute(serializer.placeholders.byteRange),
      contents: absolute(serializer.placeholders.contents),
    };
  }
}
