import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { deviceReadSigningBytes, DEVICE_PROTOCOL_VERSION } from '@theqa/device-protocol';
import { validatePdf } from '@theqa/pades';
import { PostgresSigningRequestStore } from '@theqa/persistence';
import { pdfsigWithRoot, pemToDer, testPdf, toolIsAvailable } from '@theqa/testing';
import { answerChallenge, pinProof } from '../src/cli/device-key';
import { listSigningRequests } from '../src/cli/signing-requests';
import { openWalletKeys } from '../src/cli/unsealing';
import { SigningHarness, webhookReceiver, type SigningRelyingParty, type WalletPerson } from './signing-harness';

/**
 * Issue 12's citizen flow, end to end against the platform as `npm start` runs it: a relying party
 * (registered with `theqa rp register`, client_secret_basic or private_key_jwt) submits a PDF for a
 * citizen's signature; the wallet CLI lists it with the code it computes itself and signs with the
 * PIN (the signing key signs, the device key signs the answer); the relying party polls and downloads
 * a PAdES B-LT file that poppler's pdfsig (the platform root in an NSS database) and the platform's
 * validator accept, and is told by a webhook signed with the gateway's published key. Refusals: a
 * MEDIUM identity, bad uploads, strangers, another party's request, three wrong PINs, a race of answers.
 */
const withPdfsig = toolIsAvailable('pdfsig') && toolIsAvailable('certutil');

describe('signing requests: a relying party, the wallet CLI and the signing service', () => {
  const harness = new SigningHarness();
  const PDF_FIELDS = { document_name_ar: 'عقد إيجار', document_name_en: 'Tenancy contract', reason: 'Approval of the contract' };
  let basic: SigningRelyingParty;
  let jwt: SigningRelyingParty;
  let signer: WalletPerson;
  let certificateSerial = '';
  let rootPem = '';

  const walletJson = async (someone: WalletPerson, ...args: string[]) => {
    const result = await harness.wallet(someone.home, ...args, '--json');
    return { status: result.status, json: JSON.parse(result.stdout || '{}'), stderr: result.stderr };
  };
  const signingRows = async (civilNumber: string): Promise<number> =>
    Number((await harness.dataSource.query(`SELECT count(*)::int AS n FROM signing_request WHERE civil_number = $1`, [civilNumber]))[0].n);
  const auditOf = async (requestId: string): Promise<Array<{ action: string; actor: string; details: Record<string, unknown> }>> =>
    ((await harness.dataSource.query(`SELECT action, actor, details FROM audit_log WHERE details LIKE $1 ORDER BY seq`, [`%${requestId}%`])) as Array<{ action: string; actor: string; details: string }>).map(
      (row) => ({ ...row, details: JSON.parse(row.details) }),
    );

  beforeAll(async () => {
    await harness.open();
    rootPem = await harness.text('/ca/certs/theqa-root-ca.pem');
    basic = await harness.registerRelyingParty('client_secret_basic');
    jwt = await harness.registerRelyingParty('private_key_jwt');
    // Persons 44 and 45 of EnrolmentHarness.persons: the signing suite's.
    signer = await harness.registered(harness.person(44));
  });
  afterAll(() => harness.close());

  it('a MEDIUM identity, and a person without an identity, are refused with a clear problem; nothing is stored', async () => {
    const pdf = await testPdf();
    const medium = await harness.createRequest(basic, { ...PDF_FIELDS, civil_number: signer.person.civil_number }, pdf);
    expect(medium.status).toBe(403);
    expect(medium.type).toContain('application/problem+json');
    expect(medium.body).toMatchObject({ code: 'signer-not-high', titles: { en: 'Signing needs the high assurance level', ar: expect.any(String) } });
    expect(medium.body.detail).toMatch(/high assurance/);
    const unknown = await harness.createRequest(basic, { ...PDF_FIELDS, civil_number: '99999999' }, pdf);
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('signer-unknown');
    expect(await signingRows(signer.person.civil_number)).toBe(0);
  });

  describe('once the person holds a signing key and a qualified certificate (HIGH)', () => {
    beforeAll(async () => {
      ({ serial: certificateSerial } = await harness.giveSigningCertificate(signer));
    });

    (withPdfsig ? it : it.skip)('client_secret_basic: create → the wallet lists it with the code → signs with the PIN → the RP polls, downloads a B-LT file pdfsig and the validator accept, and gets one signed webhook', async () => {
      const hooks = await webhookReceiver();
      try {
        const pdf = await testPdf(2);
        const created = await harness.createRequest(basic, { ...PDF_FIELDS, civil_number: signer.person.civil_number, webhook_url: hooks.url, appearance: JSON.stringify({ page: 1, x: 340, y: 60, width: 220, height: 70 }) }, pdf);
        expect(created.status).toBe(201);
        expect(created.body).toMatchObject({ status: 'pending', level: 'B-LT', code: expect.stringMatching(/^[ACDEFGHJKMNPQRTUVWXY34679]{4}$/), document: { sha256: sha256(pdf), pages: 2, bytes: pdf.length } });
        const { id, code } = created.body;

        // The wallet lists it: the relying party's name, the document, and the code it computed itself.
        const listed = await walletJson(signer, 'sign', '--pending', '--pin', signer.pin);
        expect(listed.status).toBe(0);
        const shown = listed.json.requests.find((r: { id: string }) => r.id === id);
        expect(shown).toMatchObject({ code, relying_party: basic.name, document: { name: { ar: 'عقد إيجار', en: 'Tenancy contract' }, pages: 2 }, reason: PDF_FIELDS.reason, expires_at: created.body.expires_at });
        const text = await harness.wallet(signer.home, 'sign', '--pending', '--pin', signer.pin);
        expect(text.stdout).toContain(`${code}  ${basic.name.en} — ${basic.name.ar}`);
        expect(text.stdout).toContain('Tenancy contract — عقد إيجار');

        const signed = await walletJson(signer, 'sign', '--pending', '--code', code.toLowerCase(), '--pin', signer.pin);
        expect(signed).toMatchObject({ status: 0, json: { id, status: 'signed', signed_sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });

        const status = await harness.status(basic, id);
        expect(status.body).toMatchObject({ id, status: 'signed', signed_sha256: signed.json.signed_sha256, links: { document: `${harness.base}/sign/requests/${id}/document` } });
        const download = await harness.download(basic, id);
        expect(download.status).toBe(200);
        expect(download.type).toContain('application/pdf');
        expect(sha256(download.bytes)).toBe(signed.json.signed_sha256);
        // Append-only: the submitted bytes are the signed file's beginning.
        expect(download.bytes.subarray(0, pdf.length).equals(pdf)).toBe(true);

        const file = path.join(harness.dir, `${id}.pdf`);
        fs.writeFileSync(file, download.bytes);
        const report = await pdfsigWithRoot(file, rootPem, harness.dir);
        expect(report.output).toContain('Signature Validation: Signature is Valid.');
        expect(report.output).toContain('Certificate Validation: Certificate is Trusted.');
        // B-LT: the validation data (DSS) is an update after the signature, so pdfsig rightly finds the
        // signature short of the file's end; the validator below says that update is an allowed one.
        expect(report.output).toContain('Not total document signed');
        expect(report.output).toContain('Signature Type: ETSI.CAdES.detached');

        const validation = await validatePdf(download.bytes, { trustAnchors: [pemToDer(rootPem)] });
        expect(validation.indication).toBe('TOTAL_PASSED');
        expect(validation.signatures).toHaveLength(1);
        expect(validation.signatures[0]).toMatchObject({ indication: 'TOTAL_PASSED', level: 'B-LT', reason: PDF_FIELDS.reason, revocation: { status: 'good' }, timeStamp: { valid: true, trusted: true } });
        // Signed by the signing key's qualified certificate, never by the device key's.
        expect(validation.signatures[0].signer?.serialNumber?.toUpperCase()).toBe(certificateSerial.toUpperCase().replace(/^(00)+/, ''));
        expect(validation.signatures[0].changes).toMatchObject({ laterRevisions: 1, notAllowed: [], suspicious: [] });
        expect(new Set(validation.signatures[0].changes?.allowed.map((c) => c.kind))).toEqual(new Set(['validation-data']));

        // One webhook: a JWT that verifies with the gateway's published keys, naming the outcome.
        await waitUntil(() => hooks.received.length >= 1);
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(hooks.received).toHaveLength(1);
        expect(hooks.received[0].type).toBe('application/jwt');
        const jwks = createRemoteJWKSet(new URL(`${harness.base}/oidc/jwks`));
        const { payload, protectedHeader } = await jwtVerify(hooks.received[0].body, jwks, { issuer: harness.base, audience: basic.clientId, typ: 'signing-event+jwt' });
        expect(protectedHeader.alg).toBe('ES256');
        expect(payload).toMatchObject({ type: 'signing-request.ended', request: id, status: 'signed', signed_sha256: signed.json.signed_sha256 });

        // The audit log: who asked, who signed, which digest, which certificate.
        const audit = await auditOf(id);
        const requested = audit.find((e) => e.action === 'signing.requested');
        const done = audit.filter((e) => e.action === 'document.signed');
        expect(requested).toMatchObject({ actor: `rp:${basic.clientId}`, details: { document_sha256: sha256(pdf), certificate: certificateSerial } });
        expect(done).toHaveLength(1);
        expect(done[0]).toMatchObject({ actor: `device:${signer.wallet.device.serial}`, details: { document_sha256: sha256(pdf), certificate: certificateSerial, signed_sha256: signed.json.signed_sha256 } });

        // Signed once: the code no longer lists, and signing it again is refused.
        expect((await walletJson(signer, 'sign', '--pending', '--pin', signer.pin)).json.requests.map((r: { id: string }) => r.id)).not.toContain(id);
        expect(await walletJson(signer, 'sign', '--code', code, '--pin', signer.pin)).toMatchObject({ status: 1, json: { error: { code: 'signing-request-unknown' } } });
      } finally {
        await hooks.close();
      }
    });

    (withPdfsig ? it : it.skip)('private_key_jwt: the same flow; another relying party sees a 404 for the request; a replayed client assertion is refused', async () => {
      const pdf = await testPdf(1, 'Commercial registration');
      const authorization = await jwt.authorization();
      const created = await harness.createRequest(jwt, { ...PDF_FIELDS, civil_number: signer.person.civil_number, level: 'B-LTA' }, pdf, authorization);
      expect(created.status).toBe(201);
      const { id, code } = created.body;
      // The assertion was used once: the same one again is refused before the upload is read.
      const replayed = await harness.createRequest(jwt, { ...PDF_FIELDS, civil_number: signer.person.civil_number }, pdf, authorization);
      expect(replayed.status).toBe(401);
      expect(replayed.body).toMatchObject({ code: 'client-unauthenticated' });
      expect((await fetch(`${harness.base}/sign/requests/${id}`, { headers: { authorization } })).status).toBe(401);

      // Another party: the same answer as for an id that does not exist.
      const stranger = await harness.status(basic, id);
      expect(stranger.status).toBe(404);
      expect(stranger.body.code).toBe('signing-request-unknown');
      const { instance: _a, ...theirs } = stranger.body;
      const { instance: _b, ...nobodys } = (await harness.status(basic, 'A'.repeat(22))).body;
      expect(theirs).toEqual(nobodys);
      expect((await harness.download(basic, id)).status).toBe(404);

      expect(await walletJson(signer, 'sign', '--pending', '--code', code, '--pin', signer.pin)).toMatchObject({ status: 0, json: { id, status: 'signed' } });
      const download = await harness.download(jwt, id);
      expect(download.status).toBe(200);
      const validation = await validatePdf(download.bytes, { trustAnchors: [pemToDer(rootPem)] });
      expect(validation.indication).toBe('TOTAL_PASSED');
      expect(validation.signatures.map((s) => [s.kind, s.indication])).toEqual([
        ['signature', 'TOTAL_PASSED'],
        ['document-time-stamp', 'TOTAL_PASSED'],
      ]);
      expect(validation.signatures[0].level).toBe('B-LTA');
      const file = path.join(harness.dir, `${id}.pdf`);
      fs.writeFileSync(file, download.bytes);
      expect((await pdfsigWithRoot(file, rootPem, harness.dir)).output).toContain('Signature Validation: Signature is Valid.');
    });

    it('the device reads the submitted document with a signed read (the web wallet renders its first page); nobody else can', async () => {
      const pdf = await testPdf(3, 'Lease to read');
      const { id } = (await harness.createRequest(basic, { ...PDF_FIELDS, civil_number: signer.person.civil_number }, pdf)).body;
      const { deviceKey } = await openWalletKeys(harness.client(), signer.wallet, signer.pin);
      const serial = signer.wallet.device.serial;
      const read = (after: string, key = deviceKey) => {
        const unsigned = { v: DEVICE_PROTOCOL_VERSION, device: serial, after, at: new Date().toISOString() } as const;
        const signature = sign('sha256', deviceReadSigningBytes(unsigned), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
        return fetch(`${harness.base}/sign/devices/${serial}/requests/${id}/document?at=${encodeURIComponent(unsigned.at)}&signature=${signature}`);
      };
      const own = await read(`signing-request:${id}`);
      expect(own.status).toBe(200);
      expect(own.headers.get('content-type')).toContain('application/pdf');
      expect(Buffer.from(await own.arrayBuffer()).equals(pdf)).toBe(true);
      // A read signed for the list (or for another request) does not open this document; nor does another key.
      expect((await read('signing-requests')).status).toBe(401);
      expect((await read(`signing-request:${id}`, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey)).status).toBe(401);
      expect((await fetch(`${harness.base}/sign/devices/${serial}/requests/${id}/document`)).status).toBe(401);
    });

    it('a wrong PIN in the signing answer is one of the three tries, not the end of the request: the device gets a new challenge and signs with the right PIN', async () => {
      const { id, code } = (await harness.createRequest(basic, { ...PDF_FIELDS, civil_number: signer.person.civil_number }, await testPdf())).body;
      const client = harness.client();
      const { deviceKey, signingKey } = await openWalletKeys(client, signer.wallet, signer.pin);
      const request = (await listSigningRequests(client, signer.wallet, signer.pin)).find((r) => r.id === id)!;
      const documentSignature = sign('sha256', request.signed_attributes, { key: signingKey!, dsaEncoding: 'der' }).toString('base64url');
      // A phone without server-assisted unsealing (the web wallet) sends the typed PIN's proof straight in the answer.
      const { answer } = answerChallenge({ payload: request.challenge, deviceSerial: signer.wallet.device.serial, privateKey: deviceKey, decision: 'approve', pinProof: pinProof(signer.wallet.civil_number, '905173'), documentSignature });
      const wrong = await fetch(`${harness.base}/sign/devices/answers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(answer) });
      expect(wrong.status).toBe(403);
      expect(await wrong.json()).toMatchObject({ code: 'pin-wrong', attempts_left: 2 });
      const again = (await listSigningRequests(client, signer.wallet, signer.pin)).find((r) => r.id === id)!;
      expect(again.challenge).not.toBe(request.challenge);
      expect(again.code).toBe(code);
      expect(await walletJson(signer, 'sign', '--code', code, '--pin', signer.pin)).toMatchObject({ status: 0, json: { id, status: 'signed' } });
    });

    it('--deny declines: the relying party sees declined and no document; the audit log says who declined', async () => {
      const created = await harness.createRequest(basic, { ...PDF_FIELDS, civil_number: signer.person.civil_number }, await testPdf());
      const { id, code } = created.body;
      expect(await walletJson(signer, 'sign', '--pending', '--code', code, '--pin', signer.pin, '--deny')).toMatchObject({ status: 0, json: { id, status: 'declined' } });
      expect((await harness.status(basic, id)).body).toMatchObject({ status: 'declined', failure: expect.stringMatching(/declined/) });
      const download = await harness.download(basic, id);
      expect(download.status).toBe(409);
      expect(JSON.parse(download.bytes.toString()).code).toBe('document-not-signed');
      expect((await auditOf(id)).map((e) => e.action)).toEqual(['signing.requested', 'signing.declined']);
    });

    it('bad uploads get problem+json 4xx and store nothing', async () => {
      const before = await signingRows(signer.person.civil_number);
      const pdf = await testPdf();
      const fields = { ...PDF_FIELDS, civil_number: signer.person.civil_number };
      const cases: Array<[string, Promise<{ status: number; body: any; type: string | null }>, number, string]> = [
        ['not a PDF', harness.createRequest(basic, fields, Buffer.from('GIF89a this is not a PDF at all')), 422, 'document-invalid'],
        ['a PDF cut short', harness.createRequest(basic, fields, pdf.subarray(0, Math.floor(pdf.length / 2))), 422, 'document-invalid'],
        ['no document', harness.createRequest(basic, fields), 422, 'document-invalid'],
        ['too large', harness.createRequest(basic, fields, Buffer.concat([pdf, Buffer.alloc(1024 * 1024 + 1)])), 413, 'document-too-large'],
        ['no civil number', harness.createRequest(basic, { ...PDF_FIELDS }, pdf), 400, 'signing-request-invalid'],
        ['no document name', harness.createRequest(basic, { civil_number: signer.person.civil_number }, pdf), 400, 'signing-request-invalid'],
        ['an unknown level', harness.createRequest(basic, { ...fields, level: 'B-XL' }, pdf), 400, 'signing-request-invalid'],
        ['an appearance off the page', harness.createRequest(basic, { ...fields, appearance: JSON.stringify({ page: 3, x: 10, y: 10, width: 100, height: 50 }) }, pdf), 400, 'signing-request-invalid'],
        ['an appearance that is not JSON', harness.createRequest(basic, { ...fields, appearance: '{page: 1' }, pdf), 400, 'signing-request-invalid'],
        ['a webhook with credentials', harness.createRequest(basic, { ...fields, webhook_url: 'http://user:pw@127.0.0.1:9/x' }, pdf), 400, 'signing-request-invalid'],
        ['no credentials', harness.createRequest(basic, fields, pdf, ''), 401, 'client-unauthenticated'],
        ['a wrong secret', harness.createRequest(basic, fields, pdf, `Basic ${Buffer.from(`${basic.clientId}:wrong`).toString('base64')}`), 401, 'client-unauthenticated'],
        ['a secret for a private_key_jwt client', harness.createRequest(basic, fields, pdf, `Basic ${Buffer.from(`${jwt.clientId}:anything`).toString('base64')}`), 401, 'client-unauthenticated'],
      ];
      for (const [what, pending, status, code] of cases) {
        const answer = await pending;
        expect({ what, status: answer.status, code: answer.body?.code, type: answer.type }).toEqual({ what, status, code, type: expect.stringContaining('application/problem+json') });
        expect(JSON.stringify(answer.body)).not.toMatch(/\bat .*\.ts:\d+/);
      }
      const json = await fetch(`${harness.base}/sign/requests`, { method: 'POST', headers: { authorization: await basic.authorization(), 'content-type': 'application/json' }, body: JSON.stringify(fields) });
      expect(json.status).toBe(415);
      expect(json.headers.get('content-type')).toContain('application/problem+json');
      expect(await signingRows(signer.person.civil_number)).toBe(before);
    });

    it('100 answers to one request at once: exactly one signs it, the others are refused', async () => {
      const created = await harness.createRequest(basic, { ...PDF_FIELDS, civil_number: signer.person.civil_number }, await testPdf());
      const { id } = created.body;
      const client = harness.client();
      const { deviceKey, signingKey } = await openWalletKeys(client, signer.wallet, signer.pin);
      const request = (await listSigningRequests(client, signer.wallet, signer.pin)).find((r) => r.id === id)!;
      const documentSignature = sign('sha256', request.signed_attributes, { key: signingKey!, dsaEncoding: 'der' }).toString('base64url');
      const { answer } = answerChallenge({ payload: request.challenge, deviceSerial: signer.wallet.device.serial, privateKey: deviceKey, decision: 'approve', pinProof: pinProof(signer.wallet.civil_number, signer.pin), documentSignature });
      const answers = await Promise.all(
        Array.from({ length: 100 }, async () => {
          const response = await fetch(`${harness.base}/sign/devices/answers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(answer) });
          return { status: response.status, body: (await response.json()) as { status?: string; code?: string } };
        }),
      );
      const signed = answers.filter((a) => a.status === 200);
      expect(signed).toHaveLength(1);
      expect(signed[0].body.status).toBe('signed');
      const refusals = answers.filter((a) => a.status !== 200);
      expect(new Set(refusals.map((a) => `${a.status} ${a.body.code}`))).toEqual(new Set(['409 challenge-used']));
      expect((await harness.status(basic, id)).body.status).toBe('signed');
      expect((await auditOf(id)).filter((e) => e.action === 'document.signed')).toHaveLength(1);
    });

    it('the store: 100 concurrent takes of one pending request, exactly one gets it', async () => {
      const created = await harness.createRequest(basic, { ...PDF_FIELDS, civil_number: signer.person.civil_number }, await testPdf());
      const store = new PostgresSigningRequestStore(harness.dataSource);
      const outcomes = await Promise.all(Array.from({ length: 100 }, () => store.take(created.body.id, new Date())));
      expect(outcomes.filter((o) => typeof o === 'object')).toHaveLength(1);
      expect(new Set(outcomes.filter((o) => typeof o === 'string'))).toEqual(new Set(['completing']));
      // Taken by someone else (here, the test): a device's answer now finds it not pending.
      expect((await walletJson(signer, 'sign', '--pending', '--pin', signer.pin)).json.requests.map((r: { id: string }) => r.id)).not.toContain(created.body.id);
    });
  });

  it('three wrong PINs block the PIN (423): the pending request cannot be signed, and new requests are refused', async () => {
    const someone = await harness.registered(harness.person(45), '274916');
    await harness.giveSigningCertificate(someone);
    const created = await harness.createRequest(basic, { ...PDF_FIELDS, civil_number: someone.person.civil_number }, await testPdf());
    expect(created.status).toBe(201);
    const { id, code } = created.body;
    const tries: any[] = [];
    for (const wrong of ['111111', '222222', '333333']) tries.push((await walletJson(someone, 'sign', '--pending', '--code', code, '--pin', wrong)).json.error);
    expect(tries.map((e) => [e.code, e.attempts_left])).toEqual([
      ['pin-wrong', 2],
      ['pin-wrong', 1],
      ['pin-blocked', undefined],
    ]);
    const right = await walletJson(someone, 'sign', '--pending', '--code', code, '--pin', someone.pin);
    expect(right).toMatchObject({ status: 1, json: { error: { code: 'pin-blocked', status: 423 } } });
    expect((await harness.status(basic, id)).body.status).toBe('pending');
    const refused = await harness.createRequest(basic, { ...PDF_FIELDS, civil_number: someone.person.civil_number }, await testPdf());
    expect(refused.status).toBe(423);
    expect(refused.body).toMatchObject({ code: 'signer-blocked' });
  });
});

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function waitUntil(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
