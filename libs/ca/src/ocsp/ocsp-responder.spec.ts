import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { OcspCertStatus } from './certificate-status';
import { InMemoryOcspResponseCache } from './in-memory-ocsp-response-cache';
import { measureOcspRespondRate } from './ocsp-benchmark';
import { OcspResponder, type OcspResponderOptions } from './ocsp-responder';
import type { OcspResponseCache } from './ocsp-response-cache';
import { toolIsAvailable } from '@theqa/testing';
import { countingSigningKey, createTestPki, type TestPki } from './test/openssl-pki';

// Every test runs over the PKI openssl makes (Jest runs no beforeAll when a file's tests are all skipped).
const describeWithOpenssl = toolIsAvailable('openssl') ? describe : describe.skip;

let pki: TestPki;
beforeAll(() => {
  pki = createTestPki();
});
afterAll(() => pki?.remove());

const REVOKED: OcspCertStatus = { kind: 'revoked', revokedAt: new Date('2026-02-03T04:05:06Z'), reason: 1 };
const MINUTE = 60_000;

/** A responder over the openssl PKI with a controllable clock, status table and failure switches. */
function setup(overrides: Partial<OcspResponderOptions> = {}) {
  const key = countingSigningKey(pki.responderKeyPem);
  let now = Date.now();
  const clock = () => new Date(now);
  const statuses = new Map<string, OcspCertStatus>([
    [pki.serials.leaf1, { kind: 'good' }],
    [pki.serials.leaf2, { kind: 'good' }],
  ]);
  const state = { statusDown: false, statusReads: 0 };
  const errors: string[] = [];
  const responder = new OcspResponder({
    issuers: [{ name: 'citizen-ca', certificateDer: pki.caDer, responder: { key, certificateDer: pki.responderDer } }],
    statusSource: async (issuerName, serialHex) => {
      expect(issuerName).toBe('citizen-ca');
      state.statusReads++;
      if (state.statusDown) throw new Error('database unavailable');
      return statuses.get(serialHex);
    },
    cache: new InMemoryOcspResponseCache(1000, clock),
    validity: { seconds: 3600 },
    clock,
    onError: (_error, stage) => errors.push(stage),
    ...overrides,
  });
  return { key, responder, statuses, state, errors, advance: (ms: number) => (now += ms) };
}

/** openssl's verdict on a response to a request: verified, and the statuses it lists. */
function verified(response: Buffer, request: Buffer, extra?: string[]) {
  const { output } = pki.check(response, request, extra);
  expect(output).toContain('Response verify OK');
  return { output, statuses: output.match(/Cert Status: \w+/g)?.map((line) => line.slice(13)) ?? [] };
}

const leaf1 = (...flags: string[]) => pki.request([...flags, '-issuer', 'ca.pem', '-cert', 'leaf1.pem']);
const leaf2 = (...flags: string[]) => pki.request([...flags, '-issuer', 'ca.pem', '-cert', 'leaf2.pem']);

describeWithOpenssl('OcspResponder answers that openssl verifies', () => {
  it('good, revoked with reason and time, unknown; the nonce echoed', async () => {
    const { responder, statuses } = setup();
    statuses.set(pki.serials.leaf2, REVOKED);

    const goodRequest = leaf1();
    expect(verified(await responder.respond(goodRequest), goodRequest).statuses).toEqual(['good']);

    const request = leaf2();
    const revoked = verified(await responder.respond(request), request);
    expect(revoked.statuses).toEqual(['revoked']);
    expect(revoked.output).toContain('Revocation Time: Feb  3 04:05:06 2026 GMT');
    expect(revoked.output).toContain('Revocation Reason: keyCompromise (0x1)');
    expect(revoked.output).toContain('OCSP Nonce');
    expect(revoked.output).not.toContain('WARNING: no nonce in response');

    const unknownRequest = pki.request(['-issuer', 'ca.pem', '-serial', '0x1234']);
    expect(verified(await responder.respond(unknownRequest), unknownRequest).statuses).toEqual(['unknown']);
  });

  it('echoes SHA-256 CertIDs, and verifies against the responder certificate directly too', async () => {
    const { responder } = setup();
    for (const request of [leaf1('-sha256'), leaf1('-sha256', '-no_nonce')]) {
      const response = await responder.respond(request);
      expect(verified(response, request).output).toContain('Hash Algorithm: sha256');
      expect(verified(response, request, ['-VAfile', 'responder.pem']).statuses).toEqual(['good']);
    }
  });

  it('answers several CertIDs of one CA in one live response', async () => {
    const { responder, key, statuses } = setup();
    statuses.set(pki.serials.leaf2, REVOKED);
    const request = pki.request(['-issuer', 'ca.pem', '-cert', 'leaf1.pem', '-cert', 'leaf2.pem', '-no_nonce']);
    expect(verified(await responder.respond(request), request).statuses).toEqual(['good', 'revoked']);
    expect(key.calls).toBe(1);
  });

  it('lets a CA answer for itself, without a delegated responder', async () => {
    const key = countingSigningKey(fs.readFileSync(path.join(pki.dir, 'ca.key'), 'utf8'));
    const { responder } = setup({ issuers: [{ name: 'citizen-ca', certificateDer: pki.caDer, responder: { key, certificateDer: pki.caDer } }] });
    const request = leaf1();
    expect(verified(await responder.respond(request), request).statuses).toEqual(['good']);
  });
});

describeWithOpenssl('OcspResponder pre-signed cache', () => {
  it('signs a nonce-less request once, then serves the same bytes', async () => {
    const { responder, key } = setup();
    const request = leaf1('-no_nonce');
    const first = await responder.respond(request);
    const second = await responder.respond(Buffer.from(request));
    expect(key.calls).toBe(1);
    expect(second).toEqual(first);
    expect(verified(second, request).statuses).toEqual(['good']);
  });

  it('respondNow: the cached answer without a promise; refusals at once; undefined when it must sign or read', async () => {
    const { responder, key, advance } = setup();
    const request = leaf1('-no_nonce');
    expect(responder.respondNow(request)).toBeUndefined(); // not signed yet
    const signed = await responder.respond(request);
    expect(responder.respondNow(request)).toEqual(signed);
    expect(responder.respondNow(Buffer.from(request))).toEqual(signed); // another Buffer, parsed again
    expect(responder.respondNow(leaf1())).toBeUndefined(); // a nonce: signed live
    expect(responder.respondNow(Buffer.from('garbage'))).toEqual(Buffer.from('30030a0101', 'hex'));
    advance(31 * MINUTE);
    expect(responder.respondNow(request)).toBeUndefined(); // past half its validity: to be re-signed
    expect(key.calls).toBe(1);
  });

  it('measureOcspRespondRate drives the pre-signed path: thousands of answers, one signature', async () => {
    const { responder, key } = setup();
    expect(await measureOcspRespondRate(responder, leaf1('-no_nonce'), 0.1)).toBeGreaterThan(1000);
    expect(key.calls).toBe(1);
  });

  it('signs every request that carries a nonce', async () => {
    const { responder, key } = setup();
    for (let i = 1; i <= 2; i++) {
      const request = leaf1();
      expect(verified(await responder.respond(request), request).output).not.toContain('WARNING: no nonce');
      expect(key.calls).toBe(i);
    }
  });

  it('serves "revoked" from the cache right after presign, in both CertID hashes, without signing again', async () => {
    const { responder, key, statuses } = setup();
    const request = leaf1('-no_nonce');
    await responder.respond(request);
    statuses.set(pki.serials.leaf1, REVOKED);
    // without presign the cached "good" stands until it is re-signed: the revocation code must call it
    expect(verified(await responder.respond(request), request).statuses).toEqual(['good']);

    await responder.presign('citizen-ca', `0x${pki.serials.leaf1.toUpperCase()}`);
    expect(key.calls).toBe(3); // the first answer, then SHA-1 and SHA-256 pre-signed
    const revoked = verified(await responder.respond(request), request);
    expect(revoked.statuses).toEqual(['revoked']);
    expect(revoked.output).toContain('Revocation Reason: keyCompromise (0x1)');
    const sha256 = leaf1('-sha256', '-no_nonce');
    expect(verified(await responder.respond(sha256), sha256).statuses).toEqual(['revoked']);
    expect(key.calls).toBe(3);
  });

  it('re-signs a cached answer once half its validity has passed', async () => {
    const { responder, key, advance } = setup();
    const request = leaf1('-no_nonce');
    const first = await responder.respond(request);
    advance(29 * MINUTE);
    expect(await responder.respond(request)).toBe(first);
    advance(2 * MINUTE);
    const renewed = await responder.respond(request);
    expect(key.calls).toBe(2);
    expect(renewed).not.toEqual(first);
    expect(await responder.respond(request)).toBe(renewed);
    expect(key.calls).toBe(2);
  });

  it('shares one signature among concurrent misses', async () => {
    const { responder, key } = setup();
    const request = leaf2('-no_nonce');
    const answers = await Promise.all(Array.from({ length: 5 }, () => responder.respond(request)));
    expect(key.calls).toBe(1);
    expect(new Set(answers.map((a) => a.toString('hex'))).size).toBe(1);
  });

  it('does not cache "unknown": the certificate may be issued a moment later', async () => {
    const { responder, key, statuses } = setup();
    const request = pki.request(['-issuer', 'ca.pem', '-serial', '0x1234', '-no_nonce']);
    await responder.respond(request);
    await responder.respond(request);
    expect(key.calls).toBe(2);
    statuses.set('1234', { kind: 'good' });
    expect(verified(await responder.respond(request), request).statuses).toEqual(['good']);
    await responder.presign('citizen-ca', '9999'); // unknown: nothing to pre-sign
    expect(key.calls).toBe(3);
  });

  it('never lets a signing that read the old status overwrite what presign stored', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let holdNextRead = true;
    const statuses = new Map<string, OcspCertStatus>([[pki.serials.leaf1, { kind: 'good' }]]);
    const { responder, key } = setup({
      statusSource: async (_issuer, serial) => {
        const status = statuses.get(serial); // read now…
        if (holdNextRead) {
          holdNextRead = false;
          await gate; // …and be slow to sign it
        }
        return status;
      },
    });
    const request = leaf1('-no_nonce');
    const slow = responder.respond(request); // reads "good"
    await new Promise((resolve) => setImmediate(resolve));
    statuses.set(pki.serials.leaf1, REVOKED);
    const presigned = responder.presign('citizen-ca', pki.serials.leaf1);
    // a request arriving meanwhile does not join the stale signing
    const meanwhile = responder.respond(request);
    const settled = await Promise.race([meanwhile, new Promise<'stuck'>((resolve) => setTimeout(resolve, 2000, 'stuck'))]);
    expect(settled).not.toBe('stuck'); // it would hang on the gate had it joined
    expect(verified(settled as Buffer, request).statuses).toEqual(['revoked']);
    release();
    expect(verified(await slow, request).statuses).toEqual(['good']); // read before the revocation: fine
    await presigned;
    const calls = key.calls;
    expect(verified(await responder.respond(request), request).statuses).toEqual(['revoked']);
    expect(key.calls).toBe(calls);
  });
});

describeWithOpenssl('OcspResponder instances sharing one cache (several processes)', () => {
  /** Instance A reads "good" and is slow to sign; meanwhile the certificate is revoked and B presigns. */
  function twoInstances(wrapCacheOfB: (shared: OcspResponseCache, releaseA: () => Promise<void>) => OcspResponseCache) {
    const shared = new InMemoryOcspResponseCache();
    const at = new Date();
    const statuses = new Map<string, OcspCertStatus>([[pki.serials.leaf1, { kind: 'good' }]]);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let holdNextRead = true;
    const a = setup({
      cache: shared,
      clock: () => at,
      statusSource: async (_issuer, serial) => {
        const status = statuses.get(serial);
        if (holdNextRead) {
          holdNextRead = false;
          await gate;
        }
        return status;
      },
    });
    const request = leaf1('-no_nonce');
    const slow = a.responder.respond(request);
    const releaseA = async () => {
      open();
      await slow;
    };
    const b = setup({ cache: wrapCacheOfB(shared, releaseA), clock: () => at, statusSource: async (_issuer, serial) => statuses.get(serial) });
    return { request, statuses, a, b, releaseA };
  }

  it('a stale answer stored after the presign does not displace it', async () => {
    const { request, statuses, b, releaseA } = twoInstances((shared) => shared);
    await new Promise((resolve) => setImmediate(resolve));
    statuses.set(pki.serials.leaf1, REVOKED);
    await b.responder.presign('citizen-ca', pki.serials.leaf1);
    await releaseA(); // A stores "good", signed in the same second as the presign
    expect(verified(await b.responder.respond(request), request).statuses).toEqual(['revoked']);
  });

  it('a stale answer stored between the presign invalidating and storing is replaced', async () => {
    let released = false;
    const { request, statuses, b } = twoInstances((shared, releaseA) => ({
      get: (key) => shared.get(key),
      invalidate: (issuer, serial) => shared.invalidate(issuer, serial),
      put: async (key, der, nextUpdate, options) => {
        if (options?.replace && !released) {
          released = true;
          await releaseA(); // A stores "good" into the slot the presign has just emptied
        }
        return shared.put(key, der, nextUpdate, options);
      },
    }));
    await new Promise((resolve) => setImmediate(resolve));
    statuses.set(pki.serials.leaf1, REVOKED);
    await b.responder.presign('citizen-ca', pki.serials.leaf1);
    expect(released).toBe(true);
    expect(verified(await b.responder.respond(request), request).statuses).toEqual(['revoked']);
  });
});

describeWithOpenssl('OcspResponder refusals and failures', () => {
  it('answers garbage with malformedRequest, which openssl reports', async () => {
    const { responder, key } = setup();
    for (const garbage of [Buffer.from('hello'), Buffer.alloc(0), Buffer.concat([leaf1(), Buffer.from([0])])]) {
      const response = await responder.respond(garbage);
      expect(response.toString('hex')).toBe('30030a0101');
      expect(pki.check(response, leaf1()).output).toContain('Responder Error: malformedrequest (1)');
    }
    expect(key.calls).toBe(0);
  });

  it('answers unauthorized for another CA, or for several CAs at once', async () => {
    const { responder, key } = setup();
    const other = pki.request(['-issuer', 'other.pem', '-cert', 'otherleaf.pem']);
    const response = await responder.respond(other);
    expect(response.toString('hex')).toBe('30030a0106');
    expect(pki.check(response, other, ['-issuer', 'other.pem', '-CAfile', 'other.pem']).output).toContain('Responder Error: unauthorized (6)');
    const mixed = pki.request(['-issuer', 'ca.pem', '-cert', 'leaf1.pem', '-issuer', 'other.pem', '-cert', 'otherleaf.pem']);
    expect((await responder.respond(mixed)).toString('hex')).toBe('30030a0106');
    expect(key.calls).toBe(0);
  });

  it('serves a still-valid cached answer while the status source is down, else tryLater', async () => {
    const { responder, state, errors, advance } = setup();
    const request = leaf1('-no_nonce');
    const cached = await responder.respond(request);
    advance(45 * MINUTE); // due for re-signing, not expired
    state.statusDown = true;
    expect(await responder.respond(request)).toBe(cached);
    expect(errors).toContain('status');
    expect((await responder.respond(leaf1())).toString('hex')).toBe('30030a0103'); // nonce: must be live
    expect((await responder.respond(leaf2('-no_nonce'))).toString('hex')).toBe('30030a0103');
    await expect(responder.presign('citizen-ca', pki.serials.leaf2)).rejects.toThrow(/unavailable/);
  });

  it('answers internalError when signing fails', async () => {
    const key = countingSigningKey(pki.responderKeyPem);
    key.sign = async () => {
      throw new Error('HSM unplugged');
    };
    const { responder, errors } = setup({ issuers: [{ name: 'citizen-ca', certificateDer: pki.caDer, responder: { key, certificateDer: pki.responderDer } }] });
    expect((await responder.respond(leaf1())).toString('hex')).toBe('30030a0102');
    expect(errors).toEqual(['sign']);
  });

  it('bypasses a failing cache', async () => {
    const broken: OcspResponseCache = {
      get: async () => Promise.reject(new Error('cache down')),
      put: async () => Promise.reject(new Error('cache down')),
      invalidate: async () => undefined,
    };
    const { responder, errors } = setup({ cache: broken });
    const request = leaf1('-no_nonce');
    expect(verified(await responder.respond(request), request).statuses).toEqual(['good']);
    expect(errors).toEqual(['cache', 'cache']);
  });

  it('refuses a configuration whose answers no client could verify', () => {
    const pem = (name: string) => new X509Certificate(fs.readFileSync(path.join(pki.dir, `${name}.pem`))).raw;
    const keyOf = (name: string) => countingSigningKey(fs.readFileSync(path.join(pki.dir, `${name}.key`), 'utf8'));
    const issuer = (responder: { key: ReturnType<typeof keyOf>; certificateDer: Buffer }) => ({ name: 'citizen-ca', certificateDer: pki.caDer, responder });
    expect(() => setup({ issuers: [issuer({ key: keyOf('leaf1'), certificateDer: pem('leaf1') })] })).toThrow(/OCSPSigning/);
    expect(() => setup({ issuers: [issuer({ key: keyOf('leaf1'), certificateDer: pki.responderDer })] })).toThrow(/does not match/);
    expect(() => setup({ issuers: [issuer({ key: keyOf('otherleaf'), certificateDer: pem('otherleaf') })] })).toThrow(/not issued by the CA/);
    const good = issuer({ key: keyOf('responder'), certificateDer: pki.responderDer });
    expect(() => setup({ issuers: [good, good] })).toThrow(/duplicate/);
    expect(() => setup({ validity: { seconds: 1 } })).toThrow(RangeError);
  });

  it('refuses to presign for an issuer it does not serve', async () => {
    await expect(setup().responder.presign('nobody', '01')).rejects.toThrow(/unknown OCSP issuer/);
  });

  it('refuses to presign a serial that is not hex', async () => {
    for (const serial of ['', '12:34', 'serial-1']) await expect(setup().responder.presign('citizen-ca', serial)).rejects.toThrow(RangeError);
  });
});
