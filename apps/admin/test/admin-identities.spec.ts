import { Administration } from '@theqa/administration';
import type { PersonOverview } from '@theqa/identity';
import { AdminFixture, ADMINS, CITIZEN } from './admin-fakes';

const PERSON = '20019470';
const HIGH_PERSON = '20019471';
const NOBODY = '20019479';

/** A person as the support desk's look-up answers: one device, its certificate, a few events. */
function overview(civilNumber: string, assurance: 'medium' | 'high'): PersonOverview {
  const created = new Date('2025-01-10T08:00:00Z');
  return {
    civilNumber,
    identity: { assurance, status: 'active', email: 'person@example.com', createdAt: created },
    devices: [{ serial: `THQ-${civilNumber}`, name: 'هاتف <i>سالم</i>', platform: 'android', status: 'active', certificateSerial: 'AB01', createdAt: created }],
    certificates: [
      { serialHex: 'AB01', issuer: 'citizen-authentication-ca', profile: 'device-authentication', status: 'good', notBefore: created, notAfter: new Date('2027-01-10T08:00:00Z'), device: `THQ-${civilNumber}`, heldBySuspension: false },
      { serialHex: 'AB00', issuer: 'citizen-authentication-ca', profile: 'device-authentication', status: 'revoked', notBefore: created, notAfter: new Date('2027-01-10T08:00:00Z'), revokedAt: created, revocationReason: 'superseded', heldBySuspension: false },
    ],
    pin: { state: 'ok', failures: 1, attemptsLeft: 2 },
    events: [{ id: '7', occurredAt: created, event: 'login.approved', device: `THQ-${civilNumber}`, details: {}, description: { title: { ar: 'تسجيل الدخول إلى نقل', en: 'Logged in to Naql' } } }],
  };
}

/**
 * The console's identity support pages over fakes: the look-up and its errors, the person's page,
 * and the actions — reason required, four eyes on suspending, what the auditor sees.
 */
class IdentityFixture extends AdminFixture {
  readonly people = new Map<string, PersonOverview>([
    [PERSON, overview(PERSON, 'medium')],
    [HIGH_PERSON, overview(HIGH_PERSON, 'high')],
  ]);
  readonly lookUps: string[] = [];
  override readonly administration = new Administration({
    roster: this.roster,
    fourEyes: ['identity.suspend'],
    proposalSeconds: 3600,
    proposals: this.proposals,
    executors: {
      'identity.suspend': async ({ subject, details, actor, approver }) => {
        const person = this.people.get(subject)!;
        person.identity = { ...person.identity, status: 'suspended', suspension: { id: 's1', civilNumber: subject, reason: String(details.reason), suspendedBy: `${actor}+${approver}`, suspendedAt: new Date(), heldCertificates: ['AB01'] } };
        person.certificates[0] = { ...person.certificates[0], status: 'on-hold', heldBySuspension: true, revocationReason: 'certificateHold' };
        this.executed.push(`suspend ${subject}: ${String(details.reason)} by ${actor} approved by ${approver}`);
        return { changed: true };
      },
      'identity.restore': async ({ subject, actor }) => {
        const person = this.people.get(subject)!;
        const changed = person.identity.status === 'suspended';
        person.identity = { ...person.identity, status: 'active', suspension: undefined };
        this.executed.push(`restore ${subject} by ${actor}`);
        return { changed };
      },
      'identity.require-pin-reset': async ({ subject, details, actor }) => {
        const person = this.people.get(subject)!;
        person.pin = { state: 'reset-required', failures: 0, attemptsLeft: 0, blockedSince: new Date() };
        this.executed.push(`pin-reset ${subject}: ${String(details.reason)} by ${actor}`);
        return { changed: true };
      },
    },
    audit: this.audit,
  });

  override dependencies() {
    return {
      ...super.dependencies(),
      identitySupport: {
        lookUp: async (civilNumber: unknown) => {
          this.lookUps.push(String(civilNumber));
          return this.people.get(String(civilNumber));
        },
      },
    };
  }
}

describe('the console: identity support', () => {
  const fixture = new IdentityFixture();
  const officer = () => fixture.login(ADMINS['support-officer']);

  beforeAll(() => fixture.start());
  afterAll(() => fixture.stop());

  it('shows the look-up form; a bad civil number comes back with the form and its error, in Arabic and English, escaped', async () => {
    const { cookie } = await officer();
    const form = await fixture.get('/admin/identities', cookie);
    expect(form.status).toBe(200);
    const page = await form.text();
    expect(page).toContain('<form method="get" action="/admin/identities"');
    expect(page).toContain('aria-current="page"');
    for (const typed of ['12ab<script>', '123', ' ', '1234567890123', '١٢٣٤٥٦٧٨']) {
      const answer = await fixture.get(`/admin/identities?civil_number=${encodeURIComponent(typed)}`, cookie);
      expect({ typed, status: answer.status }).toEqual({ typed, status: 400 });
      const html = await answer.text();
      expect(html).toContain('data-testid="lookup-error"');
      expect(html).toContain('الرقم المدني غير صالح');
      expect(html).not.toContain('<script>');
    }
    const en = await (await fixture.get('/admin/identities?civil_number=x&lang=en', cookie)).text();
    expect(en).toContain('The civil number is not valid');
    // A repeated parameter is no civil number either (never a 500).
    expect((await fixture.get('/admin/identities?civil_number=1&civil_number=2', cookie)).status).toBe(400);
    expect(fixture.lookUps).toEqual([]);
  });

  it('sends a good civil number to the person page; an unknown person gets a clear "no digital identity" page', async () => {
    const { cookie } = await officer();
    const found = await fixture.get(`/admin/identities?civil_number=%20${PERSON}%20`, cookie);
    expect(found.status).toBe(303);
    expect(found.headers.get('location')).toBe(`/admin/identities/${PERSON}`);
    const unknown = await fixture.get(`/admin/identities/${NOBODY}`, cookie);
    expect(unknown.status).toBe(404);
    const page = await unknown.text();
    expect(page).toContain(`data-testid="no-identity" data-civil-number="${NOBODY}"`);
    expect(page).toContain('لا توجد هوية رقمية مسجّلة');
    expect(await (await fixture.get(`/admin/identities/${NOBODY}?lang=en`, cookie)).text()).toContain('No digital identity is registered');
    expect((await fixture.get('/admin/identities/12ab', cookie)).status).toBe(400);
    // Every look-up is in the audit log with the administrator.
    expect(fixture.audit.events.filter((e) => e.action === 'admin.identity.view' && e.subject === NOBODY && e.actor === `admin:${ADMINS['support-officer']}`).length).toBe(2);
  });

  it("shows the person's identity, devices, certificates, PIN state and events, every value escaped", async () => {
    const { cookie } = await officer();
    const page = await (await fixture.get(`/admin/identities/${HIGH_PERSON}`, cookie)).text();
    expect(page).toContain('data-testid="assurance" data-level="high"');
    expect(page).toContain('data-testid="identity-status" data-status="active"');
    expect(page).toContain('هاتف &lt;i&gt;سالم&lt;/i&gt;');
    expect(page).toMatch(/data-serial="AB01"[^]*data-status="good"/);
    expect(page).toMatch(/data-serial="AB00"[^]*data-status="revoked"[^]*استُبدلت/);
    expect(page).toContain('data-testid="pin" data-state="ok"');
    expect(page).toContain('ويبقى 2 قبل حظره');
    expect(page).toContain('data-event="login.approved"');
    expect(page).toContain('تسجيل الدخول إلى نقل');
    const en = await (await fixture.get(`/admin/identities/${HIGH_PERSON}?lang=en`, cookie)).text();
    expect(en).toContain('1 wrong entry in a row, 2 left before it is blocked');
    expect(en).toContain('Logged in to Naql');
    expect(en).toContain('Needs a second administrator&#39;s approval');
  });

  it('refuses a suspension or a PIN reset without a reason (or with a bad one): the form again with its error, nothing done', async () => {
    const { cookie, csrf } = await officer();
    const cases: Array<[string, Record<string, string>, string]> = [
      ['suspend', { csrf }, 'اكتب السبب'],
      ['suspend', { csrf, reason: '   ' }, 'اكتب السبب'],
      ['suspend', { csrf, reason: 'x'.repeat(501) }, 'أطول من 500'],
      ['pin-reset', { csrf, reason: 'a\u0007b' }, 'رموز تحكم'],
      ['pin-reset', { csrf }, 'اكتب السبب'],
    ];
    for (const [form, body, message] of cases) {
      const answer = await fixture.post(`/admin/identities/${PERSON}/${form}`, cookie, body);
      expect({ form, status: answer.status }).toEqual({ form, status: 400 });
      const page = await answer.text();
      expect(page).toContain(`data-testid="${form}-error"`);
      expect(page).toContain(message);
      expect(page).toContain('aria-invalid="true"');
    }
    const en = await (await fixture.post(`/admin/identities/${PERSON}/suspend?lang=en`, cookie, { csrf, reason: '' })).text();
    expect(en).toContain('Give the reason');
    // A bad civil number in the path, an unknown person: nothing proposed either.
    expect((await fixture.post('/admin/identities/12ab/suspend', cookie, { csrf, reason: 'fraud' })).status).toBe(400);
    const unknown = await fixture.post(`/admin/identities/${NOBODY}/suspend`, cookie, { csrf, reason: 'fraud' });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('data-testid="no-identity"');
    expect(fixture.executed).toEqual([]);
    expect(await fixture.administration.pending(fixture.roster.administrator(ADMINS['second-support-officer'])!)).toEqual([]);
  });

  it('suspends only with a second administrator: one officer alone proposes; approved, the page shows the suspension and who decided it', async () => {
    const one = await officer();
    const proposed = await fixture.post(`/admin/identities/${PERSON}/suspend`, one.cookie, { csrf: one.csrf, reason: 'reported <fraud>' });
    expect(proposed.headers.get('location')).toBe(`/admin/identities/${PERSON}?done=suspend-proposed`);
    expect(fixture.executed).toEqual([]);
    const waiting = await (await fixture.get(`/admin/identities/${PERSON}?done=suspend-proposed`, one.cookie)).text();
    expect(waiting).toContain('لا يسري حتى يوافق عليه مسؤول ثانٍ');
    expect(waiting).toContain('data-testid="pending-on-person"');
    expect(waiting).toContain('data-status="active"');

    const second = await fixture.login(ADMINS['second-support-officer']);
    const [pending] = await fixture.administration.pending(fixture.roster.administrator(ADMINS['second-support-officer'])!);
    expect(pending).toMatchObject({ action: 'identity.suspend', subject: PERSON, details: { reason: 'reported <fraud>' }, mayDecide: true });
    expect((await fixture.post(`/admin/approvals/${pending.id}/approve`, second.cookie, { csrf: second.csrf })).status).toBe(303);
    expect(fixture.executed).toEqual([`suspend ${PERSON}: reported <fraud> by admin:${ADMINS['support-officer']} approved by admin:${ADMINS['second-support-officer']}`]);

    const page = await (await fixture.get(`/admin/identities/${PERSON}`, one.cookie)).text();
    expect(page).toContain('data-status="suspended"');
    expect(page).toContain('reported &lt;fraud&gt;');
    expect(page).toMatch(new RegExp(`data-testid="suspended-by"><bdi dir="ltr">admin:${ADMINS['support-officer']}</bdi> بموافقة <bdi dir="ltr">admin:${ADMINS['second-support-officer']}</bdi>`));
    expect(page).toContain('data-held-by-suspension="true"');
    expect(page).toContain('data-testid="restore"');
    expect(page).not.toContain('data-testid="suspend"');
    expect(fixture.audit.events.find((e) => e.action === 'admin.identity.suspend' && e.subject === PERSON)).toMatchObject({ actor: `admin:${ADMINS['support-officer']}`, details: { approver: `admin:${ADMINS['second-support-officer']}` } });
  });

  it('restores at once (no four eyes configured for it), and requires a PIN reset with its reason; both audited with the administrator', async () => {
    const { cookie, csrf } = await officer();
    const restored = await fixture.post(`/admin/identities/${PERSON}/restore`, cookie, { csrf, reason: '' });
    expect(restored.headers.get('location')).toBe(`/admin/identities/${PERSON}?done=restored`);
    expect(await (await fixture.get(`/admin/identities/${PERSON}?done=restored`, cookie)).text()).toContain('استُعيدت الهوية الرقمية');
    const again = await fixture.post(`/admin/identities/${PERSON}/restore`, cookie, { csrf });
    expect(again.headers.get('location')).toBe(`/admin/identities/${PERSON}?done=not-suspended`);

    const reset = await fixture.post(`/admin/identities/${PERSON}/pin-reset`, cookie, { csrf, reason: 'caller reports a shoulder-surfed PIN' });
    expect(reset.headers.get('location')).toBe(`/admin/identities/${PERSON}?done=pin-reset-required`);
    const page = await (await fixture.get(`/admin/identities/${PERSON}?lang=en`, cookie)).text();
    expect(page).toContain('data-state="reset-required"');
    expect(page).toContain('logins and signing are refused until the person resets the PIN');
    expect(page).not.toContain('data-testid="pin-reset"');
    expect(fixture.executed.slice(-3)).toEqual([`restore ${PERSON} by admin:${ADMINS['support-officer']}`, `restore ${PERSON} by admin:${ADMINS['support-officer']}`, `pin-reset ${PERSON}: caller reports a shoulder-surfed PIN by admin:${ADMINS['support-officer']}`]);
    expect(fixture.audit.events.find((e) => e.action === 'admin.identity.require-pin-reset')).toMatchObject({ actor: `admin:${ADMINS['support-officer']}`, subject: PERSON, details: { details: { reason: 'caller reports a shoulder-surfed PIN' } } });
  });

  it('lets the auditor read the page without any action, and refuses their forms with the 403 page', async () => {
    const { cookie, csrf } = await fixture.login(ADMINS.auditor);
    const page = await (await fixture.get(`/admin/identities/${HIGH_PERSON}`, cookie)).text();
    expect(page).toContain('data-testid="identity"');
    expect(page).not.toMatch(/data-testid="(suspend|restore|pin-reset)"/);
    const refused = await fixture.post(`/admin/identities/${HIGH_PERSON}/suspend`, cookie, { csrf, reason: 'x' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('data-permission="identity.suspend"');
    // Someone off the roster cannot even look.
    const stranger = await fixture.login(CITIZEN);
    expect((await fixture.get(`/admin/identities/${HIGH_PERSON}`, stranger.cookie)).status).toBe(403);
  });
});
