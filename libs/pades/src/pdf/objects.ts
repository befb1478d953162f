/**
 * The PDF object model (ISO 32000-2 §7.3). Numbers, booleans and null are plain JavaScript values;
 * arrays are plain arrays; the rest are small classes so a serializer can tell them apart.
 */
export type PdfObject = null | boolean | number | PdfName | PdfString | PdfRef | PdfDict | PdfObject[] | PdfStream;

/** A name, held as its bytes (latin1) after `#xx` escapes are decoded. */
export class PdfName {
  private static readonly interned = new Map<string, PdfName>();
  private constructor(readonly value: string) {}

  static of(value: string): PdfName {
    let name = PdfName.interned.get(value);
    if (!name) {
      name = new PdfName(value);
      if (PdfName.interned.size < 10_000) PdfName.interned.set(value, name);
    }
    return name;
  }
}

/** A string's bytes; `hex` remembers how it was (or is to be) written. */
export class PdfString {
  constructor(
    readonly bytes: Buffer,
    readonly hex = false,
  ) {}

  static latin1(text: string): PdfString {
    return new PdfString(Buffer.from(text, 'latin1'));
  }
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}

  get key(): string {
    return `${this.num} ${this.gen}`;
  }

  equals(other: PdfObject | undefined): boolean {
    return other instanceof PdfRef && other.num === this.num && other.gen === this.gen;
  }
}

export class PdfDict {
  readonly entries: Map<string, PdfObject>;

  constructor(entries: Iterable<[string, PdfObject]> = []) {
    this.entries = new Map(entries);
  }

  get(key: string): PdfObject | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: PdfObject): this {
    this.entries.set(key, value);
    return this;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** A shallow copy: the one about to be changed and written in an update. */
  clone(): PdfDict {
    return new PdfDict(this.entries);
  }

  nameOf(key: string): string | undefined {
    const value = this.entries.get(key);
    return value instanceof PdfName ? value.value : undefined;
  }
}

/** A stream: its dictionary and its data as stored (still filtered, already decrypted). */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly data: Buffer,
  ) {}
}

export const name = (value: string) => PdfName.of(value);

export function dict(entries: Record<string, PdfObject | undefined>): PdfDict {
  const result = new PdfDict();
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) result.set(key, value);
  return result;
}

export const isDict = (value: PdfObject | undefined): value is PdfDict => value instanceof PdfDict;
export const isArray = (value: PdfObject | undefined): value is PdfObject[] => Array.isArray(value);
export const isName = (value: PdfObject | undefined, expected?: string): value is PdfName =>
  value instanceof PdfName && (expected === undefined || value.value === expected);
