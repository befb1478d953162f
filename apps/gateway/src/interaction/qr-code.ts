import QRCode from 'qrcode';

/**
 * The QR code as inline SVG (no image request, no script), error correction M as the payload format
 * assumes, and its text: the page offers it as a link for a wallet on the same device.
 */
export async function qrOf(text: string): Promise<{ svg: string; text: string }> {
  return { svg: await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }), text };
}
