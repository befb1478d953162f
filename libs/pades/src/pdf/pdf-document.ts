/**
 * A PDF opened for signing: header, `startxref`, the chain of cross-reference sections, the trailer,
 * and the security handler when the file is encrypted. Objects are parsed only when asked for and
 * kept once parsed: signing a 2,000-page file reads the catalog, a page or two and the form.
 */
import { PadesError, PdfError, malformed } from '../errors';
import { DocumentCipher } from '../encryption/document-cipher';
import { ObjectStream } from './object-stream';
import { PdfDict, PdfRef, PdfStream, PdfString, type PdfObject } from './objects';
import { Parser } from './parser';
import { PdfSource } from './pdf-source';
import { findStartXref, readHeaderVersion } from './startxref';
import { XrefChain } from './xref-chain';

const MAX_REF_CHAIN = 32;

export class PdfDocument {
  readonly cipher: DocumentCipher | undefined;
  /** The trailer's /Encrypt as written there (usually a reference), kept in every later trailer. */
  readonly encrypt: PdfObject | undefined;
  readonly rootRef: PdfRef;
  readonly info: PdfObject | undefined;
  readonly id: PdfObject | undefined;
  /** One more than the highest object number any trailer declares: where new objects begin. */
  readonly size: number;
  private readonly cache = new Map<number, PdfObject>();
  private readonly objectStreams = new Map<number, ObjectStream>();

  private constructor(
    readonly source: PdfSource,
    readonly version: string,
    readonly startxref: number,
    readonly xref: XrefChain,
  ) {
    const root = xref.trailerValue('Root');
    if (!(root instanceof PdfRef)) throw malformed('the trailer has no /Root reference');
    this.rootRef = root;
    this.info = xref.trailerValue('Info');
    this.id = xref.trailerValue('ID');
    this.size = Math.max(...xref.sections.map((section) => integerOr(section.trailer.get('Size'), 0)));
    this.encrypt = xref.trailerValue('Encrypt');
    if (this.encrypt !== undefined) {
      const encrypt = this.encrypt instanceof PdfRef ? this.rawObject(this.encrypt.num) : this.encrypt;
      if (!(encrypt instanceof PdfDict)) throw malformed('the trailer\'s /Encrypt is not a dictionary');
      this.cipher = DocumentCipher.open(encrypt, this.id);
    }
  }

  /** Opens the file (or the file followed by updates written since, as segments). */
  static open(pdf: Buffer | readonly Buffer[]): PdfDocument {
    return guard(() => {
      const source = new PdfSource(Buffer.isBuffer(pdf) ? [pdf] : pdf);
      const version = readHeaderVersion(source);
      const startxref = findStartXref(source);
      return new PdfDocument(source, version, startxref, XrefChain.read(source, startxref));
    });
  }

  /** The same document with an update appended, reading the update's objects and trailer. */
  withUpdate(update: Buffer): PdfDocument {
    return PdfDocument.open(this.source.appended(update).segments.map((segment) => segment.buffer));
  }

  get lastSectionKind(): 'table' | 'stream' {
    return this.xref.newest.kind;
  }

  get catalog(): PdfDict {
    const catalog = this.resolve(this.rootRef);
    if (!(catalog instanceof PdfDict)) throw malformed('the document catalog is not a dictionary');
    return catalog;
  }

  /** Follows references until a direct object (null for a reference to nothing, as §7.3.10 says). */
  resolve(value: PdfObject | undefined): PdfObject | undefined {
    for (let i = 0; value instanceof PdfRef; i++) {
      if (i > MAX_REF_CHAIN) throw malformed('a chain of references does not end');
      value = this.object(value.num);
    }
    return value;
  }

  resolveDict(value: PdfObject | undefined): PdfDict | undefined {
    const resolved = this.resolve(value);
    return resolved instanceof PdfDict ? resolved : resolved instanceof PdfStream ? resolved.dict : undefined;
  }

  resolveArray(value: PdfObject | undefined): PdfObject[] | undefined {
    const resolved = this.resolve(value);
    return Array.isArray(resolved) ? resolved : undefined;
  }

  /** The generation number an updated object keeps (0 for objects in object streams). */
  generationOf(num: number): number {
    const entry = this.xref.lookup(num);
    return entry?.type === 'offset' ? entry.gen : 0;
  }

  object(num: number): PdfObject {
    const cached = this.cache.get(num);
    if (cached !== undefined) return cached;
    const object = guard(() => {
      const raw = this.rawObject(num);
      return this.cipher && !this.isEncryptDictionary(num) ? this.decrypted(raw, num, this.cipher) : raw;
    });
    this.cache.set(num, object);
    return object;
  }

  /** The object as stored: strings and streams not yet decrypted, and for streams not yet decoded. */
  private rawObject(num: number): PdfObject {
    const entry = this.xref.lookup(num);
    if (!entry || entry.type === 'free') return null;
    if (entry.type === 'compressed') return this.objectStream(entry.stream).object(num) ?? null;
    const segment = this.source.locate(entry.offset);
    const parser = new Parser(segment.buffer, entry.offset - segment.start);
    const found = parser.parseIndirectObject((ref) => {
      if (ref.num === num) throw malformed(`object ${num}'s /Length refers to itself`);
      return this.resolve(ref) ?? null;
    });
    if (found.num !== num) throw malformed(`the cross-reference entry of object ${num} points to object ${found.num}`);
    return found.object;
  }

  private objectStream(num: number): ObjectStream {
    let stream = this.objectStreams.get(num);
    if (!stream) {
      const entry = this.xref.lookup(num);
      if (entry?.type !== 'offset') throw malformed(`object stream ${num} is not a plain object`);
      const object = this.object(num);
      if (!(object instanceof PdfStream)) throw malformed(`object ${num} is not an object stream`);
      stream = ObjectStream.read(object);
      this.objectStreams.set(num, stream);
    }
    return stream;
  }

  private isEncryptDictionary(num: number): boolean {
    return this.encrypt instanceof PdfRef && this.encrypt.num === num;
  }

  /**
   * Strings and streams of an object stored outside object streams are encrypted with its key;
   * cross-reference streams are not, nor a signature's /Contents (ISO 32000-2 §7.6.2).
   */
  private decrypted(object: PdfObject, num: number, cipher: DocumentCipher): PdfObject {
    const entry = this.xref.lookup(num);
    if (entry?.type !== 'offset') return object; // Objects inside object streams were decrypted with their stream.
    const gen = entry.gen;
    const walk = (value: PdfObject, depth: number): PdfObject => {
      if (value instanceof PdfString) return new PdfString(cipher.decryptString(value.bytes, num, gen), value.hex);
      if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1));
      if (value instanceof PdfDict) {
        const result = new PdfDict();
        const signature = isSignatureDictionary(value);
        for (const [key, item] of value.entries) result.set(key, signature && key === 'Contents' ? item : walk(item, depth + 1));
        return result;
      }
      if (value instanceof PdfStream) {
        if (value.dict.nameOf('Type') === 'XRef') return value;
        return new PdfStream(walk(value.dict, depth + 1) as PdfDict, cipher.decryptStream(value.data, num, gen));
      }
      return value;
    };
    return walk(object, 0);
  }
}

function isSignatureDictionary(value: PdfDict): boolean {
  const type = value.nameOf('Type');
  return (type === 'Sig' || type === 'DocTimeStamp') && value.has('ByteRange');
}

function integerOr(value: PdfObject | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** Anything but our own errors, thrown while reading a damaged file, becomes a clear "malformed". */
function guard<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof PadesError) throw error;
    if (error instanceof RangeError && /call stack/i.test(error.message)) throw malformed('objects nested too deeply');
    throw new PdfError('pdf-malformed', `the file cannot be read: ${(error as Error).message}`);
  }
}
