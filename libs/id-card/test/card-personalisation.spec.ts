/**
 * Personalisation is all or nothing (a failure after the first token's certificate leaves no half card),
 * and personalisations at once never share a token or a label. SoftHSM2 in-process (the test run's
 * configuration), certificates from the CA hierarchy in memory; card labels WEBEID-P… are this file's.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { MechanismEnum, ObjectClass, SessionFlag, UserType, type PrivateKey } from 'graphene-pk11';
import { openTestAuthority, type TestAuthority } from '@theqa/web-eid/testing';
import { authenticate, CardError, personaliseCard, signHash, type CardCertificateIssuer, type PersonalisedToken } from '../src';
import { SPOILT_TOKEN_LABEL } from '../src/card-personalisation';
import { loadModule, tokensOf } from '../src/card-token';
import { releaseModule } from '@theqa/keys';
import { softHsmIsAvailable } from '@theqa/testing';
import { issuerFor, lockFolder, personalisation, PINS, softHsmModule } from './card-issuer';

const identity = { civilNumber: '90150018', givenName: 'Atomic', surname: 'Card', fullName: 'Atomic Card Holder' };
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);
const ORIGIN = 'https://login.theqa.test';
const NONCE = Buffer.alloc(32, 5).toString('base64');
const WORKSPACE = path.resolve(__dirname, '../../..');

// SoftHSM2 stands for the card's chip: without it (a newcomer's machine) the suite is skipped and named as such.
(softHsmIsAvailable() ? describe : describe.skip)('card personalisation', () => {
  const module = softHsmIsAvailable() ? softHsmModule() : ''; // (a skipped suite's body is still read)
  const lockDirectory = lockFolder();
  let ca: TestAuthority;
  let issue: CardCertificateIssuer;

  /** What the reader shows now: every token's label and serial, and how many objects a public session sees on it. */
  function readerView() {
    const loaded = loadModule(module);
    try {
      return tokensOf(loaded).map((token) => {
        let publicObjects = -1;
        if (token.label) {
          const session = token.slot.open(SessionFlag.SERIAL_SESSION);
          try {
            publicObjects = session.find({}).length;
          } finally {
            session.close();
          }
        }
        return { label: token.label, serial: token.serial, publicObjects };
      });
    } finally {
      releaseModule(loaded);
    }
  }
  const labelled = (label: string) => readerView().filter((t) => t.label === label);
  const spoilt = () => readerView().filter((t) => t.label === SPOILT_TOKEN_LABEL);
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'personalised',
      (error: unknown) => (error instanceof CardError ? error.code : (error as Error).message),
    );

  beforeAll(async () => {
    ca = await openTestAuthority();
    issue = issuerFor(ca, identity, inDays(30));
  });

  describe('all or nothing', () => {
    it('the CA failing for the signing certificate, after the authentication token has its certificate: no token of the card remains, and the label can be personalised again', async () => {
      const card = 'WEBEID-P-ATOMIC-1';
      const before = spoilt().length;
      const issued: string[] = [];
      const failing: CardCertificateIssuer = async (key, csr) => {
        if (key === 'signing') throw new Error('the CA is down');
        issued.push(key);
        return issue(key, csr);
      };
      await expect(personaliseCard(personalisation(card, module, lockDirectory), failing)).rejects.toThrow('the CA is down');
      // The authentication token had been made, keyed and certified before the failure…
      expect(issued).toEqual(['authentication']);
      // …and is gone: nothing under the card's labels; the two tokens it made are spoilt, emptied.
      expect(labelled(`${card} (PIN1)`)).toEqual([]);
      expect(labelled(`${card} (PIN2)`)).toEqual([]);
      const spoiltNow = spoilt();
      expect(spoiltNow).toHaveLength(before + 2);
      for (const token of spoiltNow) expect(token.publicObjects).toBe(0);
      await expect(authenticate({ module, card, lockDirectory }, { origin: ORIGIN, challengeNonce: NONCE, pin1: PINS.pin1 })).rejects.toMatchObject({ code: 'card-not-found' });

      // Not card-exists: the same card label is personalised afresh.
      const tokens = await personaliseCard(personalisation(card, module, lockDirectory), issue);
      expect(tokens.map((t) => t.label)).toEqual([`${card} (PIN1)`, `${card} (PIN2)`]);
      expect(await authenticate({ module, card, lockDirectory }, { origin: ORIGIN, challengeNonce: NONCE, pin1: PINS.pin1 })).toMatchObject({ format: 'web-eid:1.0' });
    });

    it('a certificate for another key (a token error while storing it on the second token): the whole card is undone', async () => {
      const card = 'WEBEID-P-ATOMIC-2';
      const stranger = await ca.issueCard({ identity, cardExpiry: inDays(30), profile: 'card-qualified-signing' });
      const wrong: CardCertificateIssuer = async (key, csr) => (key === 'signing' ? stranger.der : issue(key, csr));
      expect(await codeOf(personaliseCard(personalisation(card, module, lockDirectory), wrong))).toBe('token-error');
      expect(readerView().filter((t) => t.label.startsWith(card))).toEqual([]);
    });

    it('a failure on the first token: that one token is undone', async () => {
      const card = 'WEBEID-P-ATOMIC-3';
      const before = spoilt().length;
      const refusing: CardCertificateIssuer = async () => Promise.reject(new CardError('usage', 'the registry refused'));
      expect(await codeOf(personaliseCard(personalisation(card, module, lockDirectory), refusing))).toBe('usage');
      expect(readerView().filter((t) => t.label.startsWith(card))).toEqual([]);
      expect(spoilt()).toHaveLength(before + 1);
    });

    it('a refusal before any token is touched (the label taken) spoils nothing', async () => {
      const card = 'WEBEID-P-ATOMIC-1';
      const before = readerView().length;
      expect(await codeOf(personaliseCard(personalisation(card, module, lockDirectory), issue))).toBe('card-exists');
      expect(readerView()).toHaveLength(before);
      // The card that was there is untouched.
      expect(await signHash({ module, card, lockDirectory }, { hash: Buffer.alloc(32, 1).toString('base64'), hashFunction: 'SHA-256', pin2: PINS.pin2 })).toMatchObject({ signature: expect.any(String) });
    });
  });

  describe('several at once', () => {
    it('five cards personalised at once get ten distinct tokens, each under its own label, each working', async () => {
      const cards = [1, 2, 3, 4, 5].map((n) => `WEBEID-P-MANY-${n}`);
      const results = await Promise.all(cards.map((card) => personaliseCard(personalisation(card, module, lockDirectory), issue)));
      const tokens = results.flat();
      expect(new Set(tokens.map((t) => t.serial)).size).toBe(10);
      const view = readerView();
      for (const card of cards) {
        for (const suffix of [' (PIN1)', ' (PIN2)']) expect(view.filter((t) => t.label === card + suffix)).toHaveLength(1);
        expect(await authenticate({ module, card, lockDirectory }, { origin: ORIGIN, challengeNonce: NONCE, pin1: PINS.pin1 })).toMatchObject({ algorithm: 'ES256' });
      }
    });

    it('the same label three times at once: exactly one card, the others card-exists, and that card is whole', async () => {
      const card = 'WEBEID-P-SAME';
      const outcomes = await Promise.all([1, 2, 3].map(() => codeOf(personaliseCard(personalisation(card, module, lockDirectory), issue))));
      expect(outcomes.sort()).toEqual(['card-exists', 'card-exists', 'personalised']);
      expect(labelled(`${card} (PIN1)`)).toHaveLength(1);
      expect(labelled(`${card} (PIN2)`)).toHaveLength(1);
      expect(await authenticate({ module, card, lockDirectory }, { origin: ORIGIN, challengeNonce: NONCE, pin1: PINS.pin1 })).toMatchObject({ format: 'web-eid:1.0' });
    });

    it('card issuers’ processes at once (as `theqa card personalise` runs): one card per label, however many ask for it', async () => {
      const startAt = Date.now() + 4_000;
      const run = (card: string) =>
        new Promise<{ outcome: string; serials?: string[] }>((resolve, reject) => {
          execFile(process.execPath, ['-r', path.join(WORKSPACE, 'tools/ts-hook.cjs'), path.join(__dirname, 'personalise-process.ts'), card, lockDirectory, String(startAt)], { cwd: WORKSPACE, timeout: 120_000 }, (error, stdout, stderr) =>
            error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout.trim().split('\n').pop() ?? 'null')),
          );
        });
      const same = 'WEBEID-P-PROC';
      const answers = await Promise.all([run(same), run(same), run(same), run('WEBEID-P-PROC-2'), run('WEBEID-P-PROC-3')]);
      expect(answers.slice(0, 3).map((a) => a.outcome).sort()).toEqual(['card-exists', 'card-exists', 'personalised']);
      expect(answers.slice(3).map((a) => a.outcome)).toEqual(['personalised', 'personalised']);
      const serials = answers.flatMap((a) => a.serials ?? []);
      expect(new Set(serials).size).toBe(6);
      for (const card of [same, 'WEBEID-P-PROC-2', 'WEBEID-P-PROC-3']) {
        expect(labelled(`${card} (PIN1)`)).toHaveLength(1);
        expect(labelled(`${card} (PIN2)`)).toHaveLength(1);
        expect(await authenticate({ module, card, lockDirectory }, { origin: ORIGIN, challengeNonce: NONCE, pin1: PINS.pin1 })).toMatchObject({ format: 'web-eid:1.0' });
      }
    }, 180_000);

    it('personalisations at once are one after another on the reader (its lock), not interleaved', async () => {
      const spans: Array<{ card: string; from: number; to: number }> = [];
      const timed = (card: string): CardCertificateIssuer => async (key, csr) => {
        const now = performance.now();
        spans.push({ card, from: now, to: now });
        const der = await issue(key, csr);
        spans[spans.length - 1].to = performance.now();
        return der;
      };
      const cards = ['WEBEID-P-SEQ-1', 'WEBEID-P-SEQ-2', 'WEBEID-P-SEQ-3'];
      const done: PersonalisedToken[][] = await Promise.all(cards.map((card) => personaliseCard(personalisation(card, module, lockDirectory), timed(card))));
      expect(done.flat()).toHaveLength(6);
      // The CA is asked twice per card, and a card's two requests are never split by another card's.
      const order = spans.map((s) => s.card);
      for (let i = 0; i < order.length; i += 2) expect(order[i]).toBe(order[i + 1]);
      expect(new Set(order).size).toBe(3);
    });
  });

  it('the signing key (PIN2) needs its PIN at every signature (CKA_ALWAYS_AUTHENTICATE); the authentication key does not', async () => {
    const card = 'WEBEID-P-SAME';
    const loaded = loadModule(module);
    try {
      for (const [suffix, pin, always] of [[' (PIN2)', PINS.pin2, true], [' (PIN1)', PINS.pin1, false]] as const) {
        const token = tokensOf(loaded).find((t) => t.label === card + suffix);
        if (!token) throw new Error('no card');
        const session = token.slot.open(SessionFlag.SERIAL_SESSION | SessionFlag.RW_SESSION);
        try {
          session.login(pin, UserType.USER);
          const key = session.find({ class: ObjectClass.PRIVATE_KEY }).items(0).toType<PrivateKey>();
          expect(key.getAttribute({ alwaysAuth: null })).toEqual({ alwaysAuth: always });
          // Logged in, a program signs with the PIN1 key at will; with the PIN2 key, not without the PIN again.
          const sign = () => session.createSign(MechanismEnum.ECDSA, key).once(Buffer.alloc(32, 3));
          if (always) {
            expect(sign).toThrow(/CKR_USER_NOT_LOGGED_IN/);
            const signer = session.createSign(MechanismEnum.ECDSA, key);
            session.login(pin, UserType.CONTEXT_SPECIFIC);
            expect(signer.once(Buffer.alloc(32, 3))).toHaveLength(64);
          } else {
            expect(sign()).toHaveLength(64);
          }
        } finally {
          session.logout();
          session.close();
        }
      }
    } finally {
      releaseModule(loaded);
    }
    // The card app gives the PIN again for each signature: two signatures in a row.
    for (let i = 0; i < 2; i++) {
      expect(await signHash({ module, card, lockDirectory }, { hash: Buffer.alloc(32, i).toString('base64'), hashFunction: 'SHA-256', pin2: PINS.pin2 })).toMatchObject({ signature: expect.any(String) });
    }
  });

  it('only the card app’s token objects are on a personalised token: the key pair, the certificate, the counters and their key', () => {
    const loaded = loadModule(module);
    try {
      const token = tokensOf(loaded).find((t) => t.label === 'WEBEID-P-SAME (PIN1)');
      if (!token) throw new Error('no card');
      const session = token.slot.open(SessionFlag.SERIAL_SESSION);
      try {
        const classes = (cls: ObjectClass) => session.find({ class: cls }).length;
        expect({ certificates: classes(ObjectClass.CERTIFICATE), publicKeys: classes(ObjectClass.PUBLIC_KEY), data: classes(ObjectClass.DATA), secret: classes(ObjectClass.SECRET_KEY) }).toEqual({
          certificates: 1,
          publicKeys: 1,
          data: 2,
          secret: 1,
        });
      } finally {
        session.close();
      }
    } finally {
      releaseModule(loaded);
    }
  });
});
