import { CaError } from '../errors/ca-error';
import { MemoryEvents, MemoryLedger } from '../testing/in-memory-ports';
import type { CertificateRecord } from '../issuance/certificate-ledger';
import { RevocationService } from './revocation-service';

describe('revocation', () => {
  let ledger: MemoryLedger;
  let events: MemoryEvents;
  let changed: CertificateRecord[];
  let service: RevocationService;

  beforeEach(async () => {
    ledger = new MemoryLedger();
    events = new MemoryEvents();
    changed = [];
    service = new RevocationService({ ledger, events, onStatusChanged: async (r) => void changed.push({ ...r }) });
    for (const serial of ['0A', '0B']) {
      await ledger.reserve({ serialHex: serial, issuer: 'citizen-authentication-ca', profile: 'device-authentication', subject: 'CN=x', keyAlgorithm: 'ec-p256', spkiSha256: Buffer.alloc(32), notBefore: new Date(0), notAfter: new Date(4e12) });
      await ledger.complete(serial, Buffer.from('30', 'hex'), new Date());
    }
  });

  it('revokes with any RFC 5280 reason, records who and why, and notifies', async () => {
    const invalidityDate = new Date(Date.now() - 3_600_000);
    const record = await service.revoke({ serialHex: '0A', reason: 'keyCompromise', invalidityDate, actor: 'admin:fatma', comment: 'phone stolen' });
    expect(record).toMatchObject({ status: 'revoked', revocationReason: 1, invalidityDate });
    expect(events.events).toEqual([
      { action: 'certificate.revoked', actor: 'admin:fatma', subject: '0A', details: expect.objectContaining({ profile: 'device-authentication', reason: 'keyCompromise', comment: 'phone stolen', from: 'good', to: 'revoked' }) },
    ]);
    expect(changed.map((r) => r.status)).toEqual(['revoked']);
  });

  it('names the holder of a person’s certificate, so that the event is also in their activity', async () => {
    await ledger.reserve({ serialHex: '0C', issuer: 'citizen-authentication-ca', profile: 'device-authentication', subject: 'CN=y', civilNumber: '87654321', keyAlgorithm: 'ec-p256', spkiSha256: Buffer.alloc(32), notBefore: new Date(0), notAfter: new Date(4e12) });
    await ledger.complete('0C', Buffer.from('30', 'hex'), new Date());
    await service.revoke({ serialHex: '0C', reason: 'superseded', actor: 'test' });
    await service.revoke({ serialHex: '0B', reason: 'superseded', actor: 'test' });
    expect(events.events.map((e) => [e.subject, e.civilNumber])).toEqual([
      ['0C', '87654321'],
      ['0B', undefined],
    ]);
  });

  it.each(['unspecified', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'privilegeWithdrawn', 'aACompromise'])('accepts %s', async (reason) => {
    await expect(service.revoke({ serialHex: '0B', reason, actor: 'test' })).resolves.toMatchObject({ status: 'revoked' });
  });

  it('holds and releases (certificateHold, then back to good)', async () => {
    await expect(service.hold({ serialHex: '0A', actor: 'admin:said' })).resolves.toMatchObject({ status: 'on-hold', revocationReason: 6 });
    await expect(service.release({ serialHex: '0A', actor: 'admin:said' })).resolves.toMatchObject({ status: 'good', revocationReason: undefined });
    expect(events.events.map((e) => e.action)).toEqual(['certificate.held', 'certificate.released']);
  });

  it('a held certificate can still be revoked for good', async () => {
    await service.hold({ serialHex: '0A', actor: 'x' });
    await expect(service.revoke({ serialHex: '0A', reason: 'keyCompromise', actor: 'x' })).resolves.toMatchObject({ status: 'revoked', revocationReason: 1 });
  });

  const refusals: Array<[string, (s: RevocationService) => Promise<unknown>, string]> = [
    ['an unknown serial', (s) => s.revoke({ serialHex: 'FF', reason: 'keyCompromise', actor: 'x' }), 'certificate-unknown'],
    ['an unknown reason', (s) => s.revoke({ serialHex: '0A', reason: 'boredom', actor: 'x' }), 'revocation-invalid'],
    ['certificateHold through revoke', (s) => s.revoke({ serialHex: '0A', reason: 'certificateHold', actor: 'x' }), 'revocation-invalid'],
    ['removeFromCRL through revoke', (s) => s.revoke({ serialHex: '0A', reason: 'removeFromCRL', actor: 'x' }), 'revocation-invalid'],
    ['an invalidity date in the future', (s) => s.revoke({ serialHex: '0A', reason: 'keyCompromise', invalidityDate: new Date(Date.now() + 86_400_000), actor: 'x' }), 'revocation-invalid'],
    ['releasing a certificate that is not held', (s) => s.release({ serialHex: '0A', actor: 'x' }), 'revocation-invalid'],
  ];
  it.each(refusals)('refuses %s, changing nothing', async (_label, attempt, code) => {
    const error = await attempt(service).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaError);
    expect((error as CaError).code).toBe(code);
    expect((await ledger.find('0A'))!.status).toBe('good');
    expect(events.events).toEqual([]);
    expect(changed).toEqual([]);
  });

  it('refuses to revoke twice', async () => {
    await service.revoke({ serialHex: '0A', reason: 'superseded', actor: 'x' });
    await expect(service.revoke({ serialHex: '0A', reason: 'keyCompromise', actor: 'x' })).rejects.toMatchObject({ code: 'revocation-invalid', message: expect.stringContaining('revoked') });
    expect((await ledger.find('0A'))!.revocationReason).toBe(4);
  });
});
