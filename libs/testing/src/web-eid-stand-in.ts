/**
 * The stand-in Web eID browser extension (issue 15), for tests only: a script injected into every page
 * of a headless Chromium context answers the extension's window.postMessage protocol (`web-eid:status`,
 * `web-eid:authenticate`, `web-eid:get-signing-certificate`, `web-eid:sign`: an ack, then success or
 * failure) by running the card app — `npx theqa card authenticate --origin <the page's origin>
 * --challenge-nonce N --pin1 P`, `card get-signing-certificate`, `card sign --hash H --hash-function F
 * --pin2 P` — against a test card reader. The card app's refusal comes back as the extension's failure,
 * in the page's language.
 */
import type { BrowserContext } from 'playwright-core';
import type { TestCardReader } from './test-card';

export interface WebEidStandInOptions {
  reader: TestCardReader;
  /** The card to use (its token label as personalised), when the reader holds more than one. */
  card?: string;
  /** PIN1 as the holder types it; a function so that a test can type a wrong one. */
  pin1: string | (() => string);
  /** PIN2 (signing) as the holder types it; without it, `web-eid:sign` fails as a cancelled PIN entry would. */
  pin2?: string | (() => string);
  env?: NodeJS.ProcessEnv;
}

const BINDING = '__theqaWebEidStandIn';

/** Installs the stand-in extension in a browser context (before its pages load). */
export async function installWebEidStandIn(context: BrowserContext, options: WebEidStandInOptions): Promise<void> {
  const typed = (pin: string | (() => string)) => (typeof pin === 'function' ? pin() : pin);
  await context.exposeBinding(BINDING, async ({ frame }, request: { action: string; challengeNonce?: string; hash?: string; hashFunction?: string; lang?: string }) => {
    if (request.action === 'web-eid:status') return { ok: true, answer: { extension: '2.5.0-theqa-stand-in', nativeApp: 'theqa card' } };
    const card = options.card ? ['--token', options.card] : [];
    let args: string[];
    if (request.action === 'web-eid:get-signing-certificate') {
      args = ['get-signing-certificate', ...card];
    } else if (request.action === 'web-eid:sign') {
      if (options.pin2 === undefined) return { ok: false, error: { code: 'ERR_WEBEID_USER_CANCELLED', message: 'PIN2 entry cancelled' } };
      args = ['sign', '--hash', String(request.hash ?? ''), '--hash-function', String(request.hashFunction ?? ''), '--pin2', typed(options.pin2), ...card];
    } else {
      const origin = new URL(frame.url()).origin;
      args = ['authenticate', '--origin', origin, '--challenge-nonce', String(request.challengeNonce ?? ''), '--pin1', typed(options.pin1), ...card];
    }
    const { status, body } = await options.reader.cardApp(args, options.env);
    if (status === 0) return { ok: true, answer: body };
    const refusal = body?.error ?? {};
    const message = refusal.message && typeof refusal.message === 'object' ? refusal.message[request.lang === 'en' ? 'en' : 'ar'] : String(refusal.detail ?? 'the card app failed');
    return { ok: false, error: { code: 'ERR_WEBEID_NATIVE_FATAL', message, cardCode: refusal.code } };
  });
  await context.addInitScript(`(() => {
    const answerable = new Set(['web-eid:status', 'web-eid:authenticate', 'web-eid:get-signing-certificate', 'web-eid:sign']);
    window.addEventListener('message', async (event) => {
      if (event.source !== window || !event.data || !answerable.has(event.data.action)) return;
      const action = event.data.action;
      const reply = (message) => window.postMessage(message, window.location.origin);
      reply({ action: action + '-ack' });
      const outcome = await window[${JSON.stringify(BINDING)}]({ action, challengeNonce: event.data.challengeNonce, hash: event.data.hash, hashFunction: event.data.hashFunction, lang: event.data.options && event.data.options.lang });
      reply(outcome.ok ? { ...outcome.answer, action: action + '-success' } : { action: action + '-failure', error: outcome.error });
    });
  })();`);
}
