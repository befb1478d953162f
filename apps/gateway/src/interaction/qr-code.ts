import QRCode from 'qrcode';

const rendered = new Map<string, Promise<string>>();
const KEEP = 2_000;

/**
 * The QR code as inline SVG (no image request, no script), error correction M as the payload format
 * assumes, and its text: the page offers it as a link for a wallet on the same device. The waiting
 * page reloads every 3 s and shows the same code for two minutes, and rendering costs a few
 * milliseconds of CPU, so each instance keeps the latest renderings (a cache only: any instance can
 * render any code).
 */
export async function qrOf(text: string): Promise<{ svg: string; text: string }> {
  let svg = rendered.get(text);
  if (!svg) {
    svg = QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    svg.catch(() => rendered.delete(text));
    rendered.set(text, svg);
    if (rendered.size > KEEP) rendered.delete(rendered.keys().next().value as string);
  }
  return { svg: await svg, text };
}
