import QRCode from 'qrcode';

const rendered = new Map<string, Promise<string>>();
const KEEP = 2_000;

/**
 * The QR code as inline SVG (no image request, no script), error correction M as the payload format
 * assumes, and its text: the page offers it as a link for a wallet on the same device. For the
 * server-rendered pages that show a wallet a code — the gateway's login, the portal's upgrade — which
 * reload every few seconds and show the same code for two minutes; rendering costs a few milliseconds
 * of CPU, so each instance keeps the latest renderings (a cache only: any instance can render any code).
 *
 * The text goes in as one byte-mode segment. Left to itself the library searches (Dijkstra over every
 * split into numeric, alphanumeric, kanji and byte runs) for the shortest bit stream, which cost two
 * thirds of the rendering. For a `theqa:` payload (mostly lower-case base64url) that search ends at
 * the single byte segment 98% of the time, and otherwise saves a few bits but never a version: the
 * symbol is of the same version at the same error correction, so as large and as easy to scan (the
 * spec checks the version and the drawn size).
 */
export async function qrOf(text: string): Promise<{ svg: string; text: string }> {
  let svg = rendered.get(text);
  if (!svg) {
    svg = QRCode.toString([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    svg.catch(() => rendered.delete(text));
    rendered.set(text, svg);
    if (rendered.size > KEEP) rendered.delete(rendered.keys().next().value as string);
  }
  return { svg: await svg, text };
}
