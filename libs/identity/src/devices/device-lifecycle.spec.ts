import { DeviceLifecycle, deviceNameProblem } from './device-lifecycle';
import type { DeviceLifecycleStore, RevokedDevice } from './device-lifecycle';
import type { DeviceRecord, IdentityEvent } from '../ports';
import { IdentityError } from '../identity-error';

const device = (status: DeviceRecord['status'] = 'active'): DeviceRecord => ({
  serial: 'THQ-7K2M-9QXD',
  civilNumber: '20019454',
  platform: 'android',
  name: 'Phone',
  status,
  certificateSerial: 'AA01',
  publicKeySpki: Buffer.alloc(0),
  pinVerifier: Buffer.alloc(0),
  pinMacKey: 'k',
  createdAt: new Date(),
});

function lifecycle(options: { signing?: string; alreadyRevoked?: string[]; failOnce?: string } = {}) {
  const events: IdentityEvent[] = [];
  const revoked = new Set(options.alreadyRevoked ?? []);
  let current = device();
  let fail = options.failOnce;
  const store: DeviceLifecycleStore = {
    rename: async (civilNumber, serial, name) => (civilNumber === current.civilNumber && serial === current.serial && current.status === 'active' ? (current = { ...current, name }) : undefined),
    revoke: async (civilNumber, serial): Promise<RevokedDevice | undefined> => {
      if (civilNumber !== current.civilNumber || serial !== current.serial) return undefined;
      const changed = current.status === 'active';
      current = { ...current, status: 'revoked' };
      return { device: current, changed, ...(options.signing ? { signingCertificate: options.signing } : {}) };
    },
  };
  const subject = new DeviceLifecycle({
    store,
    certificates: {
      revoke: async (serialHex) => {
        if (fail === serialHex) {
          fail = undefined;
          throw new Error('the CA is unreachable');
        }
        if (revoked.has(serialHex)) return 'already';
        revoked.add(serialHex);
        return 'revoked';
      },
    },
    events: { record: async (event) => void events.push(event) },
  });
  return { subject, events, revoked };
}

describe('a device after registration', () => {
  it('takes a name of letters, digits and a few marks, up to 60 characters, in any script', () => {
    for (const good of ['هاتف سالم', "Salim's phone", 'Pixel 8 (work)', 'फ़ोन', 'a'.repeat(60), '  spaced   out  ']) expect(deviceNameProblem(good)).toBeUndefined();
    expect(deviceNameProblem('')).toEqual({ ar: 'اكتب اسماً للجهاز.', en: 'Type a name for the device.' });
    expect(deviceNameProblem('   ')?.en).toBe('Type a name for the device.');
    expect(deviceNameProblem(['x'])?.en).toBe('Type a name for the device.');
    expect(deviceNameProblem('a'.repeat(61))?.en).toBe('The device name is at most 60 characters.');
    for (const bad of ['<b>', 'phone\u0000', 'a;b', 'name"', 'bell\u0007name']) expect(deviceNameProblem(bad)?.ar).toContain('يتكوّن اسم الجهاز');
  });

  it('is renamed, the name normalised, and the rename recorded', async () => {
    const { subject, events } = lifecycle();
    expect(await subject.rename('20019454', 'THQ-7K2M-9QXD', '  هاتف   سالم ', 'person:20019454')).toMatchObject({ name: 'هاتف سالم' });
    expect(events).toEqual([{ action: 'device.renamed', civilNumber: '20019454', actor: 'person:20019454', device: 'THQ-7K2M-9QXD', details: { name: 'هاتف سالم' } }]);
    await expect(subject.rename('20019454', 'THQ-7K2M-9QXD', '<script>', 'person:20019454')).rejects.toMatchObject({ code: 'request-invalid' });
    await expect(subject.rename('30000001', 'THQ-7K2M-9QXD', 'Mine now', 'person:30000001')).rejects.toMatchObject({ code: 'device-unknown' });
  });

  it('reported lost: revoked with its authentication and signing certificates, recorded once', async () => {
    const { subject, events, revoked } = lifecycle({ signing: 'BB02' });
    const lost = await subject.reportLost('20019454', 'THQ-7K2M-9QXD', 'person:20019454');
    expect(lost).toMatchObject({ device: { status: 'revoked' }, newlyReported: true, revokedCertificates: ['AA01', 'BB02'] });
    expect([...revoked]).toEqual(['AA01', 'BB02']);
    expect(events).toEqual([
      { action: 'device.reported-lost', civilNumber: '20019454', actor: 'person:20019454', device: 'THQ-7K2M-9QXD', details: { certificates: ['AA01', 'BB02'], revoked_certificates: ['AA01', 'BB02'], reason: 'keyCompromise' } },
    ]);
    expect(await subject.reportLost('20019454', 'THQ-7K2M-9QXD', 'person:20019454')).toMatchObject({ newlyReported: false, revokedCertificates: [] });
    expect(events).toHaveLength(1);
    await expect(subject.reportLost('30000001', 'THQ-7K2M-9QXD', 'person:30000001')).rejects.toBeInstanceOf(IdentityError);
  });

  it('reported again after the CA failed, the report finishes what the first left undone', async () => {
    const { subject, events, revoked } = lifecycle({ signing: 'BB02', failOnce: 'BB02' });
    await expect(subject.reportLost('20019454', 'THQ-7K2M-9QXD', 'person:20019454')).rejects.toThrow('unreachable');
    expect([...revoked]).toEqual(['AA01']);
    const again = await subject.reportLost('20019454', 'THQ-7K2M-9QXD', 'person:20019454');
    expect(again).toMatchObject({ newlyReported: false, revokedCertificates: ['BB02'] });
    expect(events.map((e) => e.details)).toEqual([{ certificates: ['AA01', 'BB02'], revoked_certificates: ['BB02'], reason: 'keyCompromise', repeated: true }]);
  });
});
