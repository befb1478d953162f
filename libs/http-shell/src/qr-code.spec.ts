import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { canonicalJson } from '@theqa/kernel';
import { qrOf } from './qr-code';

/** A login or upgrade QR code's text as @theqa/device-protocol encodes it: `theqa:` + base64url(canonical JSON). */
function qrPayload(server: string, at: number, kind: 'login' | 'upgrade' = 'login'): string {
  const payload = { v: 'theqa-device/1', kind, request: randomBytes(16).toString('base64url'), server, expires_at: new Date(at).toISOString() };
  return `theqa:${Buffer.from(canonicalJson(payload), 'utf8').toString('base64url')}`;
}

describe('qrOf', () => {
  it('draws the symbol the library would choose by itself, in the same version, for login and upgrade payloads', async () => {
    let identical = 0;
    const servers = ['http://127.0.0.1:8080', 'https://login.theqa.gov.om', 'https://id.example:8443'];
    for (let i = 0; i < 300; i++) {
      const text = qrPayload(servers[i % servers.length], Date.UTC(2026, 11, 7) + i * 7_919_000, i % 2 ? 'upgrade' : 'login');
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
    const text = qrPayload('http://127.0.0.1:8080', Date.now());
    const first = await qrOf(text);
    expect(first.text).toBe(text);
    expect((await qrOf(text)).svg).toBe(first.svg);
  });
});
