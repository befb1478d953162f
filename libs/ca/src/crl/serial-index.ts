/**
 * Duplicate-serial detection for the CRL encoder. A Set of hex strings costs a string allocation and a
 * string hash per entry; this open-addressing table instead remembers where each serial's INTEGER was
 * written in the output buffer and compares those bytes, so an entry costs one small hash and no garbage.
 * Each slot holds (offset + 1, hash) side by side, so a probe touches one cache line.
 */
export class SerialIndex {
  /** [2i] = output offset + 1 of a remembered INTEGER TLV (0: empty slot), [2i + 1] = its hash. */
  private table: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 1024) {
    let slots = 1024;
    while (slots < expected * 2) slots *= 2;
    this.table = new Int32Array(slots * 2);
    this.mask = slots - 1;
  }

  /**
   * Remembers the INTEGER TLV at `offset` of `buf` (tag, one length octet, content). Returns -1 if it is
   * new, or the offset of the equal INTEGER remembered earlier. Offsets must stay valid as `buf` grows
   * (they are below 2 GiB: a CRL body of 26 million maximal entries).
   */
  add(buf: Buffer, offset: number): number {
    const end = offset + 2 + buf[offset + 1];
    let hash = 0x811c9dc5; // FNV-1a over the length octet and the content
    for (let i = offset + 1; i < end; i++) hash = Math.imul(hash ^ buf[i], 0x01000193);
    const table = this.table;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const stored = table[2 * slot];
      if (stored === 0) {
        table[2 * slot] = offset + 1;
        table[2 * slot + 1] = hash;
        if (++this.count * 2 > this.mask + 1) this.grow();
        return -1;
      }
      if (table[2 * slot + 1] === hash && sameInteger(buf, stored - 1, offset, end)) return stored - 1;
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2);
    this.mask = old.length - 1; // twice as many slots as before
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] === 0) continue;
      let slot = old[i + 1] & this.mask;
      while (this.table[2 * slot] !== 0) slot = (slot + 1) & this.mask;
      this.table[2 * slot] = old[i];
      this.table[2 * slot + 1] = old[i + 1];
    }
  }
}

function sameInteger(buf: Buffer, a: number, b: number, bEnd: number): boolean {
  for (let i = a + 1, j = b + 1; j < bEnd; i++, j++) if (buf[i] !== buf[j]) return false;
  return true;
}
