import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { DEVICE_PROTOCOL_VERSION, encodeQrPayload } from '@theqa/device-protocol';
import { qrOf } from './qr-code';

function loginPayload(server: string, at: number): string {
  return encodeQrPayload({ v: DEVICE_PROTOCOL_VERSION, kind: 'login', request: randomBytes(16).toString('base64url'), server, expires_at: new Date(at).toISOString() });
}

describe('qrOf', () => {
  it('draws the symbol the library would choose by itself, in the same version, for login payloads', async () => {
    let identical = 0;
    const servers = ['http://127.0.0.1:8080', 'https://login.theqa.gov.om', 'https://id.example:8443'];
    for (let i = 0; i < 300; i++) {
      const text = loginPayload(servers[i % servers.length], Date.UTC(2026, 11, 7) + i * 7_919_000);
      const chosen = QRCode.create(text, { errorCorrectionLevel: 'M' });
      const ours = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M' });
      expect(ours.version).toBe(chosen.version);
      const { svg } = await qrOf(text);
      expect(svg).toContain(`viewBox="0 0 ${ours.modules.size + 4} ${ours.modules.size + 4}"`);
      if (svg === (await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }))) identical++;
    }
    // Only where the search found a few bits to save do the symbols differ.
    expect(identical).toBeGreaterThan(270);
  });

  it('gives the text back for the same-device link, and the same rendering on a reload', async () => {
    const text = loginPayload('http://127.0.0.1:8080', Date.now());
    const first = await qrOf(text);
    expect(first.text).toBe(text);
    expect((await qrOf(text)).svg).toBe(first.svg);
  });
});
