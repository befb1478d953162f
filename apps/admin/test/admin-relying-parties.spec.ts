import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ATTRIBUTE_CATALOGUE } from '@theqa/consent';
import { escapeHtml } from '@theqa/http-shell';
import { clientSecretOf, JWKS_URI_RULE } from '@theqa/relying-parties';
import { AdminFixture, ADMINS } from './admin-fakes';

/** The onboarding form as a browser sends it (checkboxes repeat their name). */
function form(fields: Record<string, string | string[]>): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  return body.toString();
}

const publicJwk = () => {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...publicKey.export({ format: 'jwk' }), kid: `k-${Math.random().toString(36).slice(2, 8)}` };
};

const VALID = {
  name_ar: 'بنك مسقط',
  name_en: 'Bank Muscat',
  redirect_uris: 'https://bank.example.om/cb',
  claims: ['civil_number', 'full_name_en'],
  purpose_ar: 'فتح حساب',
  purpose_en: 'Opening an account',
  acr: ['high'],
  auth_method: 'client_secret_basic',
};

/**
 * The relying-party officer's pages in-process over the real registry (in memory): the same validation
 * as `npx theqa rp register`, the secret shown once and never in the audit log, four eyes on disabling.
 */
describe('the console: relying parties', () => {
  const fixture = new AdminFixture();
  const officer = () => fixture.login(ADMINS['relying-party-officer']);

  beforeAll(() => fixture.start());
  afterAll(() => fixture.stop());

  const onboard = async (fields: Record<string, string | string[]>, lang = 'ar') => {
    const { cookie, csrf } = await officer();
    return fixture.post(`/admin/relying-parties?lang=${lang}`, cookie, form({ csrf, ...fields }));
  };

  it('offers the catalogue of the 22 attributes as checkboxes, labelled in the page language', async () => {
    const { cookie } = await officer();
    const ar = await (await fixture.get('/admin/relying-parties/new', cookie)).text();
    const boxes = [...ar.matchAll(/<input type="checkbox" id="claim-([a-z_]+)" name="claims"/g)].map((m) => m[1]);
    expect(boxes).toHaveLength(22);
    expect(boxes).toEqual(ATTRIBUTE_CATALOGUE.map((a) => a.claim));
    expect(ar).toContain('<label for="claim-date_of_birth">تاريخ الميلاد');
    const en = await (await fixture.get('/admin/relying-parties/new?lang=en', cookie)).text();
    expect(en).toContain('<label for="claim-date_of_birth">Date of birth');
  });

  it('re-shows bad input with each field’s error in Arabic and English and the values kept, and creates nothing', async () => {
    const before = (await fixture.registry.list()).length;
    const answer = await onboard({ ...VALID, name_en: '  ', redirect_uris: 'http://bank.example.om/cb\nhttps://a.example.om/cb\nhttps://b.example.om/cb', claims: ['civil_number', 'no_such_claim'], acr: [], purpose_ar: 'غرض <b>ما</b>' });
    expect(answer.status).toBe(400);
    const page = await answer.text();
    expect(page).toContain('data-testid="form-errors"');
    expect(page).toContain('لم تُسجَّل الجهة');
    expect(page).toContain('Nothing was registered');
    for (const field of ['name_en', 'redirect_uris', 'claims', 'acr']) expect(page).toContain(`data-testid="error-${field}"`);
    expect(page).not.toContain('data-testid="error-name_ar"');
    // The field's rule in Arabic, the registry's (the CLI's) words in English.
    expect(page).toMatch(/data-testid="error-name_en"><p lang="ar" dir="rtl">الاسم بالإنجليزية مطلوب[^<]*<\/p><p lang="en" dir="ltr">Name \(English\): is required \(English\)<\/p>/);
    expect(page).toMatch(/data-testid="error-redirect_uris">[^]*عناوين إعادة التوجيه[^]*Redirect URI #1: [^<]*https/);
    expect(page).toMatch(/data-testid="error-redirect_uris">[^]*all redirect URIs must be on one host/);
    expect(page).toMatch(/data-testid="error-acr">[^]*اختر مستوى ضمان[^]*Assurance levels: at least one assurance level is required/);
    // The values kept, escaped.
    expect(page).toContain('value="بنك مسقط"');
    expect(page).toContain('value="غرض &lt;b&gt;ما&lt;/b&gt;"');
    expect(page).toContain('http://bank.example.om/cb\nhttps://a.example.om/cb\nhttps://b.example.om/cb</textarea>');
    expect(page).toContain('id="claim-civil_number" name="claims" value="civil_number" checked');
    expect(page).not.toContain('id="claim-full_name_en" name="claims" value="full_name_en" checked');
    expect(page).toContain('id="name_en" name="name_en" value="  " dir="ltr" required aria-describedby="name_en-error" aria-invalid="true"');
    expect((await fixture.registry.list()).length).toBe(before);
    expect(fixture.audit.events.filter((e) => e.action === 'admin.relying-party.onboard')).toEqual([]);
    // A private key pasted, or not JSON at all: refused beside the keys.
    const privateKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
    const withPrivate = await (await onboard({ ...VALID, auth_method: 'private_key_jwt', jwks: JSON.stringify({ keys: [{ ...privateKey, kid: 'p' }] }) }, 'en')).text();
    expect(withPrivate).toMatch(/data-testid="error-jwks"><p lang="ar" dir="rtl">المفاتيح العامة غير مقبولة[^]*Public keys, key #1: /);
    expect(await (await onboard({ ...VALID, auth_method: 'private_key_jwt', jwks: '{not json' })).text()).toContain('Public keys: is not JSON');
    expect((await fixture.registry.list()).length).toBe(before);
  });

  it('onboards a client_secret_basic party: the secret shown once, never stored or audited; listed and shown', async () => {
    const answer = await onboard({ ...VALID, client_id: 'bank-muscat' });
    expect(answer.status).toBe(201);
    const page = await answer.text();
    const secret = /data-testid="client-secret">([^<]+)</.exec(page)![1];
    const rp = await fixture.registry.show('bank-muscat');
    expect(secret).toBe(await clientSecretOf(fixture.secretMac, rp));
    expect(rp).toMatchObject({ name: { ar: 'بنك مسقط', en: 'Bank Muscat' }, claims: ['civil_number', 'full_name_en'], acrValues: ['urn:theqa:loa:high'], authMethod: 'client_secret_basic', secretGeneration: 1 });
    // In the audit log with the administrator, and the secret nowhere in it.
    expect(fixture.audit.events.find((e) => e.action === 'admin.relying-party.onboard')).toMatchObject({ actor: `admin:${ADMINS['relying-party-officer']}`, details: { result: { clientId: 'bank-muscat' } } });
    expect(fixture.relyingPartyEvents.find((e) => e.clientId === 'bank-muscat')).toMatchObject({ action: 'rp.registered', actor: `admin:${ADMINS['relying-party-officer']}` });
    expect(JSON.stringify(fixture.audit.events)).not.toContain(secret);
    // Shown once: the party's page does not carry it.
    const { cookie } = await officer();
    const shown = await (await fixture.get('/admin/relying-parties/bank-muscat', cookie)).text();
    expect(shown).not.toContain(secret);
    expect(shown).toContain('data-testid="rotate-secret"');
    const list = await (await fixture.get('/admin/relying-parties?lang=en', cookie)).text();
    expect(list).toMatch(/بنك مسقط[^]*Bank Muscat[^]*bank-muscat[^]*data-status="active"[^]*client_secret_basic/);
    // The same client id again: refused beside it, nothing replaced.
    const again = await (await onboard({ ...VALID, client_id: 'bank-muscat', name_en: 'Another' })).text();
    expect(again).toContain('data-testid="error-client_id"');
    expect((await fixture.registry.show('bank-muscat')).name.en).toBe('Bank Muscat');
  });

  it('onboards a private_key_jwt party with pasted keys, or with the JWKS URI where it publishes them (stored as such)', async () => {
    const pasted = publicJwk();
    const answer = await onboard({ ...VALID, client_id: 'keys-pasted', auth_method: 'private_key_jwt', jwks: JSON.stringify(pasted) });
    expect(answer.status).toBe(201);
    expect(await answer.text()).not.toContain('data-testid="client-secret"');
    expect((await fixture.registry.show('keys-pasted')).jwks?.keys.map((k) => k.kid)).toEqual([pasted.kid]);

    const { cookie, csrf } = await officer();
    const blank = await (await fixture.get('/admin/relying-parties/new?lang=en', cookie)).text();
    expect(blank).toContain('The gateway reads the party&#39;s keys from this address at each login');
    const published = publicJwk();
    const reads: string[] = [];
    const server = http.createServer((req, res) => {
      reads.push(req.url ?? '');
      return req.url === '/jwks' ? res.end(JSON.stringify({ keys: [published] })) : res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      // The address is registered, not the keys it holds: the gateway reads them at each login.
      const byUri = await onboard({ ...VALID, client_id: 'keys-by-uri', auth_method: 'private_key_jwt', jwks_uri: `${uri}/jwks` }, 'en');
      expect(byUri.status).toBe(201);
      const byUriPage = await byUri.text();
      expect(byUriPage).toContain('The relying party is onboarded.');
      expect(byUriPage).not.toContain('Warning:');
      expect(byUriPage).toMatch(new RegExp(`data-testid="jwks-uri"><bdi dir="ltr">${uri}/jwks</bdi>`));
      const stored = await fixture.registry.show('keys-by-uri');
      expect(stored.jwksUri).toBe(`${uri}/jwks`);
      expect(stored.jwks).toBeUndefined();
      expect(fixture.audit.events.find((e) => e.action === 'admin.relying-party.onboard' && e.subject === 'keys-by-uri')).toMatchObject({ details: { details: { input: { jwksUri: `${uri}/jwks` } } } });
      // Read once, to warn early; an address with nothing there is still registered, with a warning.
      expect(reads).toEqual(['/jwks']);
      const missing = await onboard({ ...VALID, client_id: 'keys-missing', auth_method: 'private_key_jwt', jwks_uri: `${uri}/nothing` });
      expect(missing.status).toBe(201);
      expect(await missing.text()).toMatch(/class="notice warning"[^]*سُجّلت الجهة المعتمدة. تنبيه: تعذّر الوصول إلى عنوان JWKS الآن/);
      expect((await fixture.registry.show('keys-missing')).jwksUri).toBe(`${uri}/nothing`);
      const missingEn = await (await fixture.get('/admin/relying-parties/keys-missing?lang=en', cookie)).text();
      expect(missingEn).toContain('data-testid="jwks-uri"');

      // The edit form has the address; switching to pasted keys drops it.
      const editForm = await (await fixture.get('/admin/relying-parties/keys-by-uri/edit', cookie)).text();
      expect(editForm).toContain(`id="jwks_uri" name="jwks_uri" value="${uri}/jwks"`);
      const both = await fixture.post('/admin/relying-parties/keys-by-uri/edit', cookie, form({ csrf, ...VALID, auth_method: 'private_key_jwt', jwks: JSON.stringify(published), jwks_uri: `${uri}/jwks` }));
      expect(both.status).toBe(400);
      expect(await both.text()).toMatch(/data-testid="error-jwks_uri"><p lang="ar" dir="rtl">عنوان مجموعة المفاتيح \(JWKS\)[^]*JWKS URI: give either the keys \(jwks\) or their URL \(jwksUri\), not both/);
      const rotatedKey = publicJwk();
      const switched = await fixture.post('/admin/relying-parties/keys-by-uri/edit?lang=en', cookie, form({ csrf, ...VALID, auth_method: 'private_key_jwt', jwks: JSON.stringify({ keys: [rotatedKey] }), jwks_uri: '' }));
      expect(switched.status).toBe(200);
      const switchedPage = await switched.text();
      expect(switchedPage).toContain('The changes are saved.');
      expect(switchedPage).toContain(`data-testid="public-keys"><ul class="details"><li><bdi dir="ltr">${rotatedKey.kid} (EC P-256)`);
      expect(switchedPage).not.toContain('data-testid="jwks-uri"');
      const switchedParty = await fixture.registry.show('keys-by-uri');
      expect(switchedParty.jwksUri).toBeUndefined();
      expect(switchedParty.jwks?.keys.map((k) => k.kid)).toEqual([rotatedKey.kid]);
      expect(fixture.audit.events.find((e) => e.action === 'admin.relying-party.edit' && e.subject === 'keys-by-uri')).toMatchObject({ details: { result: { changed: ['jwks', 'jwksUri'] } } });
      expect(reads).toEqual(['/jwks', '/nothing']);
    } finally {
      server.close();
    }

    // Not https: refused beside the field with the rule in both languages, whatever the page language; nothing registered.
    for (const lang of ['ar', 'en']) {
      const plain = await onboard({ ...VALID, client_id: `keys-plain-${lang}`, auth_method: 'private_key_jwt', jwks_uri: 'http://keys.example.om/jwks' }, lang);
      expect(plain.status).toBe(400);
      const error = /data-testid="error-jwks_uri">([^]*?)<\/div>/.exec(await plain.text())![1];
      expect(error).toContain(`<p lang="ar" dir="rtl">${escapeHtml(JWKS_URI_RULE.ar)}</p>`);
      expect(error).toContain('<p lang="en" dir="ltr">JWKS URI: http://keys.example.om/jwks must use https');
      expect(error).toContain(`<p lang="en" dir="ltr">${escapeHtml(JWKS_URI_RULE.en)}</p>`);
      await expect(fixture.registry.show(`keys-plain-${lang}`)).rejects.toThrow(/no relying party/);
    }
    // A URI for a secret client: refused by the registry, beside the URI.
    const secretWithUri = await (await onboard({ ...VALID, client_id: 'secret-with-uri', jwks_uri: 'https://keys.example.om/jwks' })).text();
    expect(secretWithUri).toContain('JWKS URI: a JWKS URI is only for private_key_jwt');
    await expect(fixture.registry.show('secret-with-uri')).rejects.toThrow(/no relying party/);
  });

  it('rotates a secret: the new one shown once, the old one void, nothing secret in the audit log', async () => {
    await fixture.registry.register({ ...{ name: { ar: 'جهة', en: 'Rotating' } }, clientId: 'rotating', redirectUris: ['https://r.example.om/cb'], claims: ['civil_number'], purpose: { ar: 'غرض', en: 'Purpose' }, acrValues: ['medium'], authMethod: 'client_secret_basic' }, 'test');
    const first = await clientSecretOf(fixture.secretMac, await fixture.registry.show('rotating'));
    const { cookie, csrf } = await officer();
    const answer = await fixture.post('/admin/relying-parties/rotating/rotate-secret', cookie, { csrf });
    expect(answer.status).toBe(200);
    const secret = /data-testid="client-secret">([^<]+)</.exec(await answer.text())![1];
    const rp = await fixture.registry.show('rotating');
    expect(rp.secretGeneration).toBe(2);
    expect(secret).toBe(await clientSecretOf(fixture.secretMac, rp));
    expect(secret).not.toBe(first);
    expect(fixture.audit.events.find((e) => e.action === 'admin.relying-party.rotate-secret')).toMatchObject({ actor: `admin:${ADMINS['relying-party-officer']}`, subject: 'rotating' });
    expect(JSON.stringify(fixture.audit.events)).not.toContain(secret);
    // A key-based party has no secret to rotate.
    expect((await fixture.post('/admin/relying-parties/keys-pasted/rotate-secret', cookie, { csrf })).status).toBe(409);
  });

  it('disabling by one officer alone does not take effect (four eyes); a second officer approves, and logins stop', async () => {
    await fixture.registry.register({ clientId: 'to-disable', name: { ar: 'جهة للتعطيل', en: 'To disable' }, redirectUris: ['https://d.example.om/cb'], claims: ['civil_number'], purpose: { ar: 'غرض', en: 'Purpose' }, acrValues: ['medium'], authMethod: 'client_secret_basic' }, 'test');
    const first = await officer();
    const page = await (await fixture.get('/admin/relying-parties/to-disable?lang=en', first.cookie)).text();
    expect(page).toContain('needs a second administrator’s approval');
    const proposed = await fixture.post('/admin/relying-parties/to-disable/disable', first.cookie, { csrf: first.csrf });
    expect(proposed.headers.get('location')).toBe('/admin/relying-parties/to-disable?done=proposed');
    expect(await fixture.registry.findActive('to-disable')).toBeDefined();
    expect(await (await fixture.get('/admin/relying-parties/to-disable?done=proposed', first.cookie)).text()).toContain('لا يسري إلا بعد موافقة مسؤول ثانٍ');
    // While it waits, the party's page says so, and offers no second proposal.
    const waiting = await (await fixture.get('/admin/relying-parties/to-disable', first.cookie)).text();
    expect(waiting).toContain('data-testid="disable-pending"');
    expect(waiting).not.toContain('data-testid="disable"');
    expect((await fixture.post('/admin/relying-parties/to-disable/disable', first.cookie, { csrf: first.csrf })).status).toBe(409);
    expect((await fixture.proposals.pending(10)).filter((p) => p.subject === 'to-disable')).toHaveLength(1);
    const proposal = (await fixture.proposals.pending(10)).find((p) => p.subject === 'to-disable')!;
    // Not by its proposer…
    expect((await fixture.post(`/admin/approvals/${proposal.id}/approve`, first.cookie, { csrf: first.csrf })).status).toBe(409);
    expect(await fixture.registry.findActive('to-disable')).toBeDefined();
    // …by a second relying-party officer.
    const second = await fixture.login(ADMINS['second-relying-party-officer']);
    expect((await fixture.post(`/admin/approvals/${proposal.id}/approve`, second.cookie, { csrf: second.csrf })).headers.get('location')).toBe('/admin/approvals?done=approved');
    expect(await fixture.registry.findActive('to-disable')).toBeUndefined();
    expect((await fixture.registry.show('to-disable')).status).toBe('disabled');
    expect(fixture.audit.events.find((e) => e.action === 'admin.relying-party.disable' && e.subject === 'to-disable')).toMatchObject({ actor: `admin:${ADMINS['relying-party-officer']}`, details: { approver: `admin:${ADMINS['second-relying-party-officer']}` } });
    expect(fixture.relyingPartyEvents.find((e) => e.action === 'rp.disabled' && e.clientId === 'to-disable')?.actor).toBe(`admin:${ADMINS['relying-party-officer']} approved by admin:${ADMINS['second-relying-party-officer']}`);
    const after = await (await fixture.get('/admin/relying-parties/to-disable', second.cookie)).text();
    expect(after).toContain('data-status="disabled"');
    expect(after).not.toContain('data-testid="disable"');
  });

  it('edits a party through the registry’s update (refusals beside their fields, nothing changed); shows its logins per day', async () => {
    const { cookie, csrf } = await officer();
    const form0 = await (await fixture.get('/admin/relying-parties/bank-muscat/edit', cookie)).text();
    expect(form0).toContain('value="Bank Muscat"');
    expect(form0).toContain('id="claim-full_name_en" name="claims" value="full_name_en" checked');
    const refused = await fixture.post('/admin/relying-parties/bank-muscat/edit?lang=en', cookie, form({ csrf, ...VALID, name_en: 'Bank Muscat (new)', redirect_uris: 'https://bank.example.om/cb#x' }));
    expect(refused.status).toBe(400);
    const refusedPage = await refused.text();
    expect(refusedPage).toContain('Nothing was changed');
    expect(refusedPage).toContain('data-testid="error-redirect_uris"');
    expect(refusedPage).toContain('value="Bank Muscat (new)"');
    expect((await fixture.registry.show('bank-muscat')).name.en).toBe('Bank Muscat');
    const saved = await fixture.post('/admin/relying-parties/bank-muscat/edit', cookie, form({ csrf, ...VALID, name_en: 'Bank Muscat (new)', claims: ['civil_number', 'date_of_birth'] }));
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('حُفظت التعديلات');
    expect(await fixture.registry.show('bank-muscat')).toMatchObject({ name: { en: 'Bank Muscat (new)' }, claims: ['civil_number', 'date_of_birth'], secretGeneration: 1 });
    expect(fixture.audit.events.find((e) => e.action === 'admin.relying-party.edit' && e.subject === 'bank-muscat')).toMatchObject({ actor: `admin:${ADMINS['relying-party-officer']}`, subject: 'bank-muscat', details: { result: { changed: ['name', 'claims'] } } });
    // Logins per day: the last 14 days in Muscat, each listed, counted by the registry.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Muscat' }).format(new Date());
    fixture.loginCounts['bank-muscat'] = [{ day: today, logins: 7 }];
    const page = await (await fixture.get('/admin/relying-parties/bank-muscat?lang=en', cookie)).text();
    expect([...page.matchAll(/data-testid="logins-(\d{4}-\d{2}-\d{2})">([^<]*)</g)].map((m) => [m[1], m[2]]).slice(-2)).toEqual([[expect.any(String), '0'], [today, '7']]);
    expect([...page.matchAll(/data-testid="logins-\d/g)]).toHaveLength(14);
    // The auditor sees the logins and no edit.
    const auditor = await fixture.login(ADMINS.auditor);
    expect(await (await fixture.get('/admin/relying-parties/bank-muscat', auditor.cookie)).text()).not.toContain('edit-link');
  });

  it('a CA officer gets the 403 page on the relying parties and creates nothing; an unknown client id is a 404 page', async () => {
    const ca = await fixture.login(ADMINS['ca-officer']);
    const list = await fixture.get('/admin/relying-parties', ca.cookie);
    expect(list.status).toBe(403);
    expect(await list.text()).toContain('data-permission="relying-party.view"');
    const before = (await fixture.registry.list()).length;
    const tried = await fixture.post('/admin/relying-parties', ca.cookie, form({ csrf: ca.csrf, ...VALID, client_id: 'by-ca-officer' }));
    expect(tried.status).toBe(403);
    expect((await fixture.registry.list()).length).toBe(before);
    expect((await fixture.post('/admin/relying-parties/bank-muscat/disable', ca.cookie, { csrf: ca.csrf })).status).toBe(403);
    expect(await fixture.registry.findActive('bank-muscat')).toBeDefined();
    // The auditor reads, and is offered nothing to change.
    const auditor = await fixture.login(ADMINS.auditor);
    const shown = await (await fixture.get('/admin/relying-parties/bank-muscat', auditor.cookie)).text();
    expect(shown).toContain('bank-muscat');
    expect(shown).not.toMatch(/data-testid="(disable|rotate-secret)"/);
    expect(await (await fixture.get('/admin/relying-parties', auditor.cookie)).text()).not.toContain('onboard-link');
    const { cookie } = await officer();
    const unknown = await fixture.get('/admin/relying-parties/no-such-party', cookie);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('data-testid="rp-unknown"');
  });
});
