import { BenchBrowser, type BenchHttp } from './login-http';
import { approveByQr, type BenchPerson } from './login-persons';
import { LoginCheckFailed, type BenchRelyingParty } from './login-relying-party';

/** The steps of one login, as the load generator times them (wall clock, this process's view). */
export const PLATFORM_STEPS = ['par', 'authorize', 'qr', 'scan', 'answer', 'continue', 'token', 'userinfo'] as const;
export const REFERENCE_STEPS = ['par', 'authorize', 'token', 'userinfo'] as const;
export type Step = (typeof PLATFORM_STEPS)[number];
export type StepTimer = (step: Step, ms: number) => void;

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (text: string) => text.replace(/&(amp|lt|gt|quot|#39);/g, (e) => entities[e] ?? e);

/** One person at the keyboard and their phone: the browser keeps its cookies from login to login. */
export interface Seat {
  person: BenchPerson;
  browser: BenchBrowser;
}

export function seatFor(http: BenchHttp, person: BenchPerson): Seat {
  return { person, browser: new BenchBrowser(http) };
}

/**
 * One complete login at the platform, by QR: PAR → GET /oidc/auth → /login/<uid> → POST …/qr → the
 * wait page (QR payload and number) → the phone's signed scan and answer (PIN proof, the number) →
 * GET …/continue → /oidc/auth/<uid> → the redirect URI with the code → token (DPoP) → userinfo, all
 * checked. `consent: 'agree'` answers the consent page of a first login; on a repeat login a consent
 * page is a failure.
 */
export async function platformLogin(http: BenchHttp, base: string, rp: BenchRelyingParty, seat: Seat, options: { consent?: 'agree' } = {}, time: StepTimer = () => undefined): Promise<void> {
  const { browser, person } = seat;
  let t = process.hrtime.bigint();
  const lap = (step?: Step) => {
    const now = process.hrtime.bigint();
    if (step) time(step, Number(now - t) / 1e6);
    t = now;
  };
  const login = await rp.start();
  lap('par');

  const page = await browser.follow(login.authorizationUrl);
  const uid = /\/login\/([A-Za-z0-9_-]+)$/.exec(new URL(page.url).pathname)?.[1];
  if (!uid || page.status !== 200) throw new LoginCheckFailed(`no login page: ${page.status} ${page.url} ${page.text.slice(0, 300)}`);
  lap('authorize');

  const wait = await browser.follow(`${base}/login/${uid}/qr`, { form: {} });
  const payload = /data-qr-payload="([^"]+)"/.exec(wait.text)?.[1];
  const code = /data-testid="verification-code" dir="ltr">(\d{2})</.exec(wait.text)?.[1];
  if (!payload || !code) throw new LoginCheckFailed(`no QR code on the wait page: ${wait.status} ${wait.url} ${wait.text.slice(0, 300)}`);
  lap('qr');

  await approveByQr(http, base, person, unescape(payload), code, (step, ms) => time(step, ms));
  lap(); // scan and answer were timed inside

  const back = (location: string) => location.startsWith(`${rp.redirectUri}?`);
  let done = await browser.follow(`${base}/login/${uid}/continue`, {}, back);
  if (!done.location && done.url.endsWith('/consent')) {
    if (!options.consent) throw new LoginCheckFailed('the consent page was shown on a repeat login');
    done = await browser.follow(`${base}/login/${uid}/consent`, { form: { decision: options.consent } }, back);
  }
  if (!done.location) throw new LoginCheckFailed(`not redirected to the relying party: ${done.status} ${done.url} ${done.text.slice(0, 300)}`);
  lap('continue');

  await rp.finish(login, done.location, { claims: person.expected, forbiddenSub: person.person.civil_number }, (step, ms) => time(step, ms));
}

/** One complete login at the reference provider: the same relying party code, the interaction approving at once. */
export async function referenceLogin(rp: BenchRelyingParty, seat: Seat, time: StepTimer = () => undefined): Promise<void> {
  let t = process.hrtime.bigint();
  const login = await rp.start({ login_hint: seat.person.person.civil_number });
  time('par', Number(process.hrtime.bigint() - t) / 1e6);
  t = process.hrtime.bigint();
  const done = await seat.browser.follow(login.authorizationUrl, {}, (location) => location.startsWith(`${rp.redirectUri}?`));
  if (!done.location) throw new LoginCheckFailed(`reference: not redirected to the relying party: ${done.status} ${done.url} ${done.text.slice(0, 300)}`);
  time('authorize', Number(process.hrtime.bigint() - t) / 1e6);
  await rp.finish(login, done.location, { claims: seat.person.expected, forbiddenSub: seat.person.person.civil_number }, (step, ms) => time(step, ms));
}
