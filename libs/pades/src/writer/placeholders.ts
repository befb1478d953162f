/**
 * Values whose bytes are known only after the update is written: a signature's /ByteRange and its
 * /Contents. The serializer writes them at a fixed width and reports where, so they can be patched
 * in place without moving a byte.
 */
export class ByteRangePlaceholder {
  /** "[0 " + three numbers of up to 10 digits + "]": room for files up to 9,999,999,999 bytes. */
  static readonly WIDTH = '[0 0000000000 0000000000 0000000000]'.length;
}

export class ContentsPlaceholder {
  /** `size` bytes of DER, written as 2 × size hex digits between angle brackets. */
  constructor(readonly size: number) {}
}

export interface PlaceholderPosition {
  /** Offset of the placeholder's first byte within the update. */
  start: number;
  end: number;
}
