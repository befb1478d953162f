/**
 * The stand-in Web eID browser extension (issue 15), for tests only: a script injected into every page
 * of a headless Chromium context answers the extension's window.postMessage protocol (`web-eid:status`,
 * `web-eid:authenticate`: an ack, then success or failure) by running the card app,
 * `npx theqa card authenticate --origin <the page's origin> --challenge-nonce N --pin1 P`, against a
 * test card reader. The card app's refusal comes back as the extension's failure, in the page's language.
 */
import type { BrowserContext } from 'playwright-core';
import type { TestCardReader } from './test-card';

export interface WebEidStandInOptions {
  reader: TestCardReader;
  /** The card to use (its token label as personalised), when the reader holds more than one. */
  card?: string;
  /** PIN1 as the holder types it; a function so that a test can type a wrong one. */
  pin1: string | (() => string);
  env?: NodeJS.ProcessEnv;
}

const BINDING = '__theqaWebEidStandIn';

/** Installs the stand-in extension in a browser context (before its pages load). */
export async function installWebEidStandIn(context: BrowserContext, options: WebEidStandInOptions): Promise<void> {
  await context.exposeBinding(BINDING, async ({ frame }, request: { action: string; challengeNonce?: string; lang?: string }) => {
    if (request.action === 'web-eid:status') return { ok: true, answer: { extension: '2.5.0-theqa-stand-in', nativeApp: 'theqa card' } };
    const origin = new URL(frame.url()).origin;
    const pin1 = typeof options.pin1 === 'function' ? options.pin1() : options.pin1;
    const args = ['authenticate', '--origin', origin, '--challenge-nonce', String(request.challengeNonce ?? ''), '--pin1', pin1, ...(options.card ? ['--token', options.card] : [])];
    const { status, body } = await options.reader.cardApp(args, options.env);
    if (status === 0) return { ok: true, answer: body };
    const refusal = body?.error ?? {};
    const message = refusal.message && typeof refusal.message === 'object' ? refusal.message[request.lang === 'en' ? 'en' : 'ar'] : String(refusal.detail ?? 'the card app failed');
    return { ok: false, error: { code: 'ERR_WEBEID_NATIVE_FATAL', message, cardCode: refusal.code } };
  });
  await context.addInitScript(`(() => {
    const answerable = new Set(['web-eid:status', 'web-eid:authenticate']);
    window.addEventListener('message', async (event) => {
      if (event.source !== window || !event.data || !answerable.has(event.data.action)) return;
      const action = event.data.action;
      const reply = (message) => window.postMessage(message, window.location.origin);
      reply({ action: action + '-ack' });
      const outcome = await window[${JSON.stringify(BINDING)}]({ action, challengeNonce: event.data.challengeNonce, lang: event.data.options && event.data.options.lang });
      reply(outcome.ok ? { ...outcome.answer, action: action + '-success' } : { action: action + '-failure', error: outcome.error });
    });
  })();`);
}
