import { headerLength } from '../der/der-writer';

/**
 * A DER value described as a tree and written in one allocation. Nesting with `tlv()` copies every
 * byte once per level; an OCSP response is six levels deep around a certificate, and that copying cost
 * half as much as the signature itself.
 */
export type DerNode = Buffer | DerTlvNode;

export interface DerTlvNode {
  tag: number;
  children: DerNode[];
  /** Content length, filled in by `encodeDerTree` before writing. */
  length: number;
}

/** A tag around its children, concatenated as content: the tag byte alone says primitive or constructed. */
export const tlvNode = (tag: number, ...children: DerNode[]): DerTlvNode => ({ tag, children, length: -1 });

export function encodeDerTree(root: DerNode): Buffer {
  const out = Buffer.allocUnsafe(measure(root));
  const end = write(out, 0, root);
  if (end !== out.length) throw new Error('DER tree size mismatch');
  return out;
}

function measure(node: DerNode): number {
  if (Buffer.isBuffer(node)) return node.length;
  let length = 0;
  for (const child of node.children) length += measure(child);
  node.length = length;
  return headerLength(length) + length;
}

function write(out: Buffer, at: number, node: DerNode): number {
  if (Buffer.isBuffer(node)) return at + node.copy(out, at);
  const length = node.length;
  out[at++] = node.tag;
  if (length < 0x80) {
    out[at++] = length;
  } else {
    const octets = headerLength(length) - 2;
    out[at++] = 0x80 | octets;
    for (let shift = (octets - 1) * 8; shift >= 0; shift -= 8) out[at++] = (length / 2 ** shift) & 0xff;
  }
  for (const child of node.children) at = write(out, at, child);
  return at;
}
