import { IdentityError } from '../identity-error';
import { ACTIVITY_EVENTS, activityQuery, describeActivity } from '../index';

const naql = { ar: 'نقل', en: 'Naql' };

describe('describeActivity', () => {
  it('words every event the platform records, in both languages', () => {
    // Every action sent to the person's activity today (identity, login, consent, signing, certificates).
    const recorded = [
      'enrolment.started', 'enrolment.completed', 'enrolment.failed', 'device.added', 'device.renamed', 'device.reported-lost',
      'pin.wrong', 'pin.blocked', 'pin.changed', 'pin.reset-started', 'pin.reset', 'pin.reset-failed',
      'upgrade.started', 'upgrade.claimed', 'upgrade.completed', 'upgrade.abandoned', 'upgrade.failed', 'signing-key.renewed', 'signing-key.dropped',
      'login.push-sent', 'login.ciba-sent', 'login.qr-scanned', 'login.approved', 'login.denied',
      'consent.granted', 'consent.withdrawn',
      'signing.requested', 'document.signed', 'signing.declined', 'signing.failed', 'signing.expired',
      'certificate.issued', 'certificate.revoked', 'certificate.held', 'certificate.released', 'card.personalised',
      'identity.suspended', 'identity.restored', 'pin.reset-required',
    ];
    expect([...ACTIVITY_EVENTS].sort()).toEqual([...recorded].sort());
    for (const event of ACTIVITY_EVENTS) {
      // An entry of an older version, without details: still a sentence in each language.
      const { title, detail } = describeActivity({ event, details: {} });
      expect(title.ar.trim()).not.toBe('');
      expect(title.en.trim()).not.toBe('');
      expect(title.en).not.toBe('Security event');
      if (detail) expect(detail.ar && detail.en).toBeTruthy();
    }
  });

  it('an upgrade: its device, the signing certificate it brought, why it did not complete', () => {
    expect(describeActivity({ event: 'upgrade.completed', device: 'THQ-7K3M-9PXD', details: { assurance: 'high', certificate: '5E01' } })).toEqual({
      title: { ar: 'رُفعت الهوية الرقمية إلى المستوى المرتفع', en: 'Digital identity raised to the high level' },
      detail: { ar: 'الجهاز THQ-7K3M-9PXD · شهادة التوقيع المؤهلة 5E01', en: 'device THQ-7K3M-9PXD · qualified signing certificate 5E01' },
    });
    expect(describeActivity({ event: 'upgrade.failed', details: { reason: 'face-attempts-exhausted', step: 'face' } }).detail?.en).toBe('Too many face match attempts; start again');
  });

  it('a renewal of the signing key: its journey named as such, the new certificate and the one it replaced; a key dropped at a PIN reset', () => {
    expect(describeActivity({ event: 'upgrade.started', device: 'THQ-7K3M-9PXD', details: { renewal: true } }).title).toEqual({ ar: 'بدء تجديد مفتاح التوقيع', en: 'Renewal of the signing key started' });
    expect(describeActivity({ event: 'upgrade.failed', details: { reason: 'step-expired', renewal: true } }).title.en).toBe('Renewal of the signing key did not complete');
    expect(describeActivity({ event: 'upgrade.abandoned', details: {} }).title.en).toBe('Upgrade to the high level abandoned');
    expect(describeActivity({ event: 'signing-key.renewed', device: 'THQ-7K3M-9PXD', details: { certificate: '5E02', replaced: '5E01' } })).toEqual({
      title: { ar: 'جُدّد مفتاح التوقيع على جهاز', en: 'Signing key renewed on a device' },
      detail: {
        ar: 'الجهاز THQ-7K3M-9PXD · شهادة التوقيع المؤهلة الجديدة 5E02 · أُلغيت الشهادة السابقة 5E01',
        en: 'device THQ-7K3M-9PXD · new qualified signing certificate 5E02 · previous certificate revoked 5E01',
      },
    });
    expect(describeActivity({ event: 'signing-key.dropped', device: 'THQ-7K3M-9PXD', details: { certificate: '5E01' } }).detail?.en).toContain('Renew it on the portal’s upgrade page');
  });

  it('names the relying party, the level of a login and the device', () => {
    expect(describeActivity({ event: 'login.approved', device: 'D-1', details: { client: 'naql', relying_party: naql, acr: 'urn:theqa:loa:high' } })).toEqual({
      title: { ar: 'تسجيل الدخول إلى نقل', en: 'Logged in to Naql' },
      detail: { ar: 'مستوى الضمان: مرتفع · الجهاز D-1', en: 'assurance: high · device D-1' },
    });
    expect(describeActivity({ event: 'login.denied', details: { client: 'naql', denial: 'consent-declined' } })).toEqual({
      title: { ar: 'رُفض تسجيل الدخول إلى naql', en: 'Login to naql refused' },
      detail: { ar: 'لم تتم الموافقة على مشاركة البيانات', en: 'the data sharing was not agreed to' },
    });
  });

  it('lists the data a consent releases by the catalogue’s labels', () => {
    expect(describeActivity({ event: 'consent.granted', details: { client: 'naql', relying_party: naql, claims: ['civil_number', 'date_of_birth'] } })).toEqual({
      title: { ar: 'موافقة على مشاركة بياناتك مع نقل', en: 'Consent to share your data with Naql' },
      detail: { ar: 'رقم المدني، تاريخ الميلاد', en: 'Civil number, Date of birth' },
    });
  });

  it('names the document of a signature and the certificate of a certificate event', () => {
    const signed = describeActivity({ event: 'document.signed', device: 'D-2', details: { relying_party: 'bank', relying_party_name: { ar: 'البنك', en: 'The bank' }, document_name: { ar: 'عقد', en: 'Contract' } } });
    expect(signed).toEqual({ title: { ar: 'وُقّع «عقد»', en: '“Contract” signed' }, detail: { ar: 'لصالح البنك · الجهاز D-2', en: 'for The bank · device D-2' } });
    const revoked = describeActivity({ event: 'certificate.revoked', details: { certificate: '7A3F', profile: 'device-authentication', reason: 'keyCompromise' } });
    expect(revoked).toEqual({
      title: { ar: 'أُلغيت شهادة توثيق الجهاز', en: 'Device authentication certificate revoked' },
      detail: { ar: 'الرقم التسلسلي للشهادة 7A3F · فقدان الجهاز أو اختراق المفتاح', en: 'certificate serial 7A3F · device lost or key compromised' },
    });
    expect(describeActivity({ event: 'enrolment.failed', details: { reason: 'face-attempts-exhausted' } }).detail?.en).toBe('Too many face match attempts; start again');
  });

  it('reads an event it does not know as a security event with its name', () => {
    expect(describeActivity({ event: 'device.painted-blue', details: {} })).toEqual({ title: { ar: 'حدث أمني', en: 'Security event' }, detail: { ar: 'device.painted-blue', en: 'device.painted-blue' } });
  });
});

describe('activityQuery', () => {
  it('bounds the page size and takes only an entry id as cursor', () => {
    expect(activityQuery()).toEqual({ limit: 20, before: undefined });
    expect(activityQuery({ limit: 100, before: '42' })).toEqual({ limit: 100, before: '42' });
    for (const bad of [{ limit: 0 }, { limit: 101 }, { limit: 2.5 }, { before: '0' }, { before: '-1' }, { before: '1 OR 1=1' }, { before: '9'.repeat(19) }]) {
      expect(() => activityQuery(bad)).toThrow(IdentityError);
    }
  });
});
