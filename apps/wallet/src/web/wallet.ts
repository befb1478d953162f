import {
  fromBase64url,
  fromUtf8,
  pinRefusal,
  PIN_REFUSAL_MESSAGES,
  readSignedCardData,
  type EnrolmentResult,
  type EnrolmentState,
  type EnrolmentStep,
  type SignedCardData,
} from '@theqa/device-protocol';
import { getJson, postJson, ProblemError, type Problem } from './api';
import { DICTIONARY, pick, text, type Language, type TextKey } from './i18n';
import { deviceKeyRequestPem, loadWallet, makeDeviceKey, pinProof, saveWallet, webCryptoAvailable, type StoredWallet } from './key-store';

/**
 * The web wallet at /wallet: registration as the phone app (and `theqa wallet register`) does it, one
 * page per step, driven by the step the server names next. Arabic and right-to-left by default.
 * Bundled for the browser by the platform (esbuild, on first request); see apps/wallet/README.md.
 */
type Page = 'card' | EnrolmentStep;
type Pair = { ar?: string; en?: string };

const PAGES: Page[] = ['card', 'contact', 'terms', 'face', 'otp', 'pin', 'device-key', 'done'];
const LANGUAGE_KEY = 'theqa-wallet-language';
/** Refusals after which the journey cannot go on: the person starts again from the card. */
const JOURNEY_OVER = new Set(['journey-unknown', 'journey-closed', 'journey-expired', 'step-expired', 'face-attempts-exhausted', 'otp-attempts-exhausted']);

interface Journey {
  token: string;
  card: SignedCardData;
  civilNumber: string;
  person: { full_name_ar: string; full_name_en: string };
  dateOfBirth?: string;
  phone?: string;
  phoneOnRecord?: string;
  terms?: { version: string; ar: string; en: string };
}

const state: {
  language: Language;
  development: boolean;
  page: Page;
  journey?: Journey;
  selfie?: string;
  wallet?: Omit<StoredWallet, 'privateKey' | 'publicKey'>;
  notice?: { pair?: Pair; key?: TextKey; values?: Record<string, string | number> };
  problem?: Problem;
} = { language: 'ar', development: false, page: 'card' };

function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

const t = (key: TextKey, values?: Record<string, string | number>) => text(state.language, key, values);

// ---------------------------------------------------------------- rendering

function render(): void {
  const { language } = state;
  document.documentElement.lang = language;
  document.documentElement.dir = language === 'ar' ? 'rtl' : 'ltr';
  document.title = `${t('app.title')} — ${state.language === 'ar' ? DICTIONARY['app.title'].en : DICTIONARY['app.title'].ar}`;
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = element.dataset.i18n as TextKey;
    if (key in DICTIONARY) element.textContent = t(key);
  }
  $('language-switch').lang = language === 'ar' ? 'en' : 'ar';
  $('dev-banner').hidden = !state.development;

  for (const section of document.querySelectorAll<HTMLElement>('section[data-step]')) section.hidden = section.dataset.step !== state.page;
  const index = PAGES.indexOf(state.page);
  $('progress').textContent = state.page === 'done' ? '' : t('app.progress', { n: index + 1, of: PAGES.length });

  const journey = state.journey;
  if (journey) {
    $('contact-welcome').textContent = t('contact.welcome', { name: language === 'ar' ? journey.person.full_name_ar : journey.person.full_name_en, civil: journey.civilNumber });
    if (journey.terms) {
      $('terms-version').textContent = t('terms.version', { version: journey.terms.version });
      $('terms-text').textContent = pick(language, journey.terms);
    }
    // The masked number (+968 9••• ••06) is left-to-right inside Arabic text: isolated in <bdi dir="ltr">.
    const [before, after = ''] = t('otp.sent').split('{phone}');
    const phone = Object.assign(document.createElement('bdi'), { dir: 'ltr', textContent: journey.phoneOnRecord ?? '' });
    $('otp-sent').replaceChildren(before, phone, after);
  }
  $('card-file-row').hidden = state.development;
  $('face-take').hidden = !state.development;
  $('face-file-row').hidden = state.development;
  $('otp-dev-row').hidden = !state.development;
  if (state.wallet) renderWallet(state.wallet);

  const notice = state.notice;
  $('notice').hidden = !notice;
  $('notice').textContent = notice ? (notice.key ? t(notice.key, notice.values) : pick(language, notice.pair)) : '';
  renderProblem();
}

function renderWallet(wallet: NonNullable<typeof state.wallet>): void {
  $('done-name').textContent = state.language === 'ar' ? wallet.full_name_ar : wallet.full_name_en;
  $('done-civil-number').textContent = wallet.civil_number;
  $('done-assurance').textContent = t(wallet.assurance === 'high' ? 'assurance.high' : 'assurance.medium');
  $('done-serial').textContent = wallet.device.serial;
  $('done-device-name').textContent = wallet.device.name;
  $('done-registered-at').textContent = new Date(wallet.registered_at).toLocaleString(state.language === 'ar' ? 'ar-OM' : 'en-GB');
  renderNotifications();
  listenForNotifications(wallet.device.serial);
}

interface Notification {
  id: string;
  sentAt: string;
  payload: { type: string; alert?: { ar: string; en: string } };
}
const notifications: Notification[] = [];
let listening: string | undefined;

function renderNotifications(): void {
  const items = notifications
    .slice()
    .reverse()
    .map((n) => {
      const item = document.createElement('li');
      item.dataset.type = n.payload.type;
      item.textContent = `${n.payload.alert ? pick(state.language, n.payload.alert) : n.payload.type} — ${new Date(n.sentAt).toLocaleString(state.language === 'ar' ? 'ar-OM' : 'en-GB')}`;
      return item;
    });
  $('notifications').replaceChildren(...items);
  $('notifications-empty').hidden = notifications.length > 0;
}

/**
 * The wallet's push channel: a long-poll that waits up to 25 s for the server to have something for
 * this device (security notices now; login and signing requests later), then asks again.
 */
function listenForNotifications(serial: string): void {
  if (listening === serial) return;
  listening = serial;
  void (async () => {
    let after = '0';
    while (listening === serial) {
      try {
        const { notifications: fresh } = await getJson<{ notifications: Notification[] }>(`/devices/${encodeURIComponent(serial)}/notifications?after=${after}&wait=25`);
        if (fresh.length) {
          notifications.push(...fresh);
          after = fresh[fresh.length - 1].id;
          renderNotifications();
        }
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 5_000));
      }
    }
  })();
}

function renderProblem(): void {
  const problem = state.problem;
  $('error').hidden = !problem;
  $('restart').hidden = !(problem && JOURNEY_OVER.has(problem.code));
  if (!problem) return;
  const { title, detail } = describe(problem);
  $('error-title').textContent = title;
  $('error-detail').textContent = detail;
  $('error-detail').hidden = !detail;
  $('error-detail').lang = 'en';
  const attempts = typeof problem.attempts_left === 'number' ? t('error.attempts-left', { n: problem.attempts_left }) : '';
  const retry = typeof problem.retry_after === 'number' ? t('error.retry-after', { n: problem.retry_after }) : '';
  $('error-attempts').textContent = [attempts, retry].filter(Boolean).join(' ');
  $('error-attempts').hidden = !attempts && !retry;
}

/** The problem's title in the page's language; the detail as the server wrote it (English, technical). */
function describe(problem: Problem): { title: string; detail: string } {
  if (problem.code === 'unreachable') return { title: t('error.unreachable'), detail: '' };
  if (problem.code === 'local') return { title: pick(state.language, problem.titles) || problem.title || '', detail: '' };
  const title = pick(state.language, problem.titles) || problem.title || t('error.unexpected');
  return { title, detail: problem.detail ?? '' };
}

function show(page: Page, notice?: typeof state.notice): void {
  state.page = page;
  state.notice = notice;
  state.problem = undefined;
  if (location.hash !== `#${page}`) history.replaceState(null, '', `#${page}`);
  render();
  const first = document.querySelector<HTMLElement>(`section[data-step="${page}"] input:not([type="file"]):not([type="checkbox"]), section[data-step="${page}"] button:not([hidden])`);
  first?.focus();
}

/** A refusal made here, before anything is sent: shown like the server's, in both languages. */
function refuse(pair: Pair): never {
  throw new ProblemError({ status: 0, code: 'local', title: pick(state.language, pair), titles: pair as { ar: string; en: string } });
}

function localText(key: TextKey): Pair {
  return DICTIONARY[key];
}

// ---------------------------------------------------------------- steps

async function readCard(): Promise<void> {
  const civilNumber = $<HTMLInputElement>('civil-number').value.replace(/\s/g, '');
  const file = $<HTMLInputElement>('card-file').files?.[0];
  let card: SignedCardData;
  if (file) {
    try {
      card = readSignedCardData(JSON.parse(await file.text()));
    } catch {
      throw new ProblemError({ status: 400, code: 'card-data-invalid', titles: { ar: 'بيانات البطاقة غير صالحة', en: 'The card data is not valid' } });
    }
  } else {
    if (!/^\d{6,12}$/.test(civilNumber)) refuse(localText('card.civil-invalid'));
    if (!state.development) refuse(localText('card.no-reader'));
    card = await getJson<SignedCardData>(`/dev/card/${encodeURIComponent(civilNumber)}`);
  }
  const started = await postJson<EnrolmentState>('/enrolment/journeys', { card, device: { platform: 'web', name: deviceName() } });
  const { person, journey_token: token } = started;
  if (!person || !token) throw new ProblemError({ status: 0, code: 'unexpected', title: 'the platform answered without a journey token' });
  state.journey = { token, card, civilNumber: person.civil_number, person, dateOfBirth: cardDateOfBirth(card) };
  $<HTMLInputElement>('card-file').value = '';
  follow(started);
}

async function sendContact(): Promise<void> {
  const journey = current();
  const email = $<HTMLInputElement>('email').value.trim();
  const phone = $<HTMLInputElement>('phone').value.replace(/[\s-]/g, '');
  const answer = await postJson<EnrolmentState>('/enrolment/journeys/current/contact', { email, phone }, journey.token);
  journey.phone = phone;
  journey.terms = answer.terms;
  follow(answer);
}

async function acceptTerms(): Promise<void> {
  const journey = current();
  if (!$<HTMLInputElement>('terms-accept-box').checked) refuse(localText('terms.must-tick'));
  const version = journey.terms?.version ?? (await getJson<{ version: string }>('/enrolment/terms')).version;
  follow(await postJson<EnrolmentState>('/enrolment/journeys/current/terms', { version }, journey.token));
}

/** Development: the platform's stand-in for the camera (a photo of the registry person). */
async function takeSelfie(): Promise<void> {
  const { selfie } = await getJson<{ selfie: string }>(`/dev/selfie/${encodeURIComponent(current().civilNumber)}`);
  useSelfie(selfie);
}

async function selfieFromFile(file: File): Promise<void> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  useSelfie(btoa(binary));
}

function useSelfie(selfie: string): void {
  state.selfie = selfie;
  $<HTMLImageElement>('face-preview').src = `data:image/png;base64,${selfie}`;
  $('face-figure').hidden = false;
  state.problem = undefined;
  renderProblem();
}

async function sendFace(): Promise<void> {
  if (!state.selfie) refuse(localText('face.none'));
  const answer = await postJson<EnrolmentState>('/enrolment/journeys/current/face', { selfie: state.selfie }, current().token);
  state.selfie = undefined;
  $('face-figure').hidden = true;
  follow(answer);
}

async function verifyCode(): Promise<void> {
  const code = $<HTMLInputElement>('otp-code').value.replace(/\s/g, '');
  if (!/^\d{6}$/.test(code)) refuse(localText('otp.invalid'));
  const answer = await postJson<EnrolmentState>('/enrolment/journeys/current/otp', { code }, current().token);
  $<HTMLInputElement>('otp-code').value = '';
  follow(answer);
}

async function resendCode(): Promise<void> {
  const answer = await postJson<EnrolmentState>('/enrolment/journeys/current/otp/resend', undefined, current().token);
  if (answer.phone_on_record) current().phoneOnRecord = answer.phone_on_record;
  state.notice = { key: 'otp.resent' };
  state.problem = undefined;
  render();
}

async function choosePin(): Promise<void> {
  const journey = current();
  const first = $<HTMLInputElement>('pin-first');
  const second = $<HTMLInputElement>('pin-second');
  const refusal = pinRefusal(first.value, { civilNumber: journey.civilNumber, phoneNumber: journey.phone, dateOfBirth: journey.dateOfBirth });
  if (refusal) refuse(PIN_REFUSAL_MESSAGES[refusal]);
  if (first.value !== second.value) refuse(localText('pin.mismatch'));
  const proof = await pinProof(journey.civilNumber, first.value);
  const answer = await postJson<EnrolmentState>('/enrolment/journeys/current/pin', { pin_proof: proof }, journey.token);
  first.value = '';
  second.value = '';
  follow(answer);
}

async function createDeviceKey(): Promise<void> {
  const journey = current();
  const key = await makeDeviceKey();
  const result = await postJson<EnrolmentResult>('/enrolment/journeys/current/device-key', { csr: await deviceKeyRequestPem(key) }, journey.token);
  const wallet: StoredWallet = {
    format: 'theqa-web-wallet/1',
    civil_number: result.civil_number,
    full_name_ar: journey.person.full_name_ar,
    full_name_en: journey.person.full_name_en,
    phone: journey.phone ?? '',
    assurance: result.assurance,
    device: result.device,
    certificate: result.certificate,
    chain: result.chain,
    registered_at: new Date().toISOString(),
    privateKey: key.privateKey,
    publicKey: key.publicKey,
  };
  await saveWallet(wallet);
  state.journey = undefined;
  state.wallet = strip(wallet);
  show('done');
}

/** Goes to the step the server names next, with the message it sent (the code goes to the phone on record). */
function follow(answer: EnrolmentState): void {
  const journey = current();
  if (answer.phone_on_record) journey.phoneOnRecord = answer.phone_on_record;
  show(answer.step, answer.message ? { pair: answer.message, key: undefined } : undefined);
}

function current(): Journey {
  if (!state.journey) throw new ProblemError({ status: 0, code: 'journey-unknown', title: t('error.journey-ended'), titles: localText('error.journey-ended') });
  return state.journey;
}

function strip(wallet: StoredWallet): NonNullable<typeof state.wallet> {
  const { privateKey: _private, publicKey: _public, ...rest } = wallet;
  return rest;
}

function cardDateOfBirth(card: SignedCardData): string | undefined {
  try {
    const data = JSON.parse(fromUtf8(fromBase64url(card.data))) as { date_of_birth?: unknown };
    return typeof data.date_of_birth === 'string' ? data.date_of_birth : undefined;
  } catch {
    return undefined;
  }
}

function deviceName(): string {
  const agent = navigator.userAgent;
  const browser = /Edg\//.test(agent) ? 'Edge' : /Firefox\//.test(agent) ? 'Firefox' : /Chrom(e|ium)\//.test(agent) ? 'Chromium' : /Safari\//.test(agent) ? 'Safari' : 'browser';
  return `Theqa web wallet (${browser})`;
}

// ---------------------------------------------------------------- wiring

/** Runs one step's action with the buttons disabled; a refusal stays on the page, shown. */
function action(form: HTMLElement, work: () => Promise<void>): () => Promise<void> {
  return async () => {
    const buttons = [...form.querySelectorAll<HTMLButtonElement>('button')];
    buttons.forEach((b) => (b.disabled = true));
    $('busy').hidden = false;
    try {
      await work();
    } catch (error) {
      state.problem = error instanceof ProblemError ? error.problem : { status: 0, code: 'unexpected', title: (error as Error).message };
      if (state.problem.code === 'step-out-of-order' && typeof state.problem.expected_step === 'string' && PAGES.includes(state.problem.expected_step as Page)) {
        state.page = state.problem.expected_step as Page;
      }
      if (state.problem.code === 'unexpected') console.error(error);
      render();
    } finally {
      buttons.forEach((b) => (b.disabled = false));
      $('busy').hidden = true;
    }
  };
}

function onSubmit(formId: string, work: () => Promise<void>): void {
  const form = $<HTMLFormElement>(formId);
  const run = action(form, work);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
}

function onClick(buttonId: string, work: () => Promise<void>): void {
  const button = $<HTMLButtonElement>(buttonId);
  const run = action(button.closest('form') ?? button, work);
  button.addEventListener('click', () => void run());
}

async function detectDevelopment(): Promise<boolean> {
  // The /dev stand-ins exist only outside production; their SMS outbox answers a harmless query.
  try {
    const response = await fetch('/dev/sms?phone=%2B96800000000', { headers: { accept: 'application/json' }, cache: 'no-store' });
    return response.ok;
  } catch {
    return false;
  }
}

async function start(): Promise<void> {
  const saved = localStorage.getItem(LANGUAGE_KEY);
  state.language = saved === 'en' ? 'en' : 'ar';
  $('language-switch').addEventListener('click', () => {
    state.language = state.language === 'ar' ? 'en' : 'ar';
    localStorage.setItem(LANGUAGE_KEY, state.language);
    render();
  });
  $('restart').addEventListener('click', () => {
    state.journey = undefined;
    state.selfie = undefined;
    show('card');
  });
  window.addEventListener('hashchange', () => {
    // The server keeps the order: the address follows the journey, never the other way round.
    if (location.hash !== `#${state.page}`) history.replaceState(null, '', `#${state.page}`);
  });

  onSubmit('card-form', readCard);
  onSubmit('contact-form', sendContact);
  onSubmit('terms-form', acceptTerms);
  onClick('face-take', takeSelfie);
  $<HTMLInputElement>('face-file').addEventListener('change', (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) void action($('face-form'), () => selfieFromFile(file))();
  });
  onSubmit('face-form', sendFace);
  onSubmit('otp-form', verifyCode);
  onClick('otp-resend', resendCode);
  onSubmit('pin-form', choosePin);
  onSubmit('key-form', createDeviceKey);

  if (!webCryptoAvailable()) {
    show('card');
    state.problem = { status: 0, code: 'local', titles: localText('app.no-crypto') };
    render();
    return;
  }
  state.development = await detectDevelopment();
  const wallet = await loadWallet().catch(() => undefined);
  if (wallet) {
    state.wallet = strip(wallet);
    $('done-title').dataset.i18n = 'done.status-title';
    show('done');
  } else {
    show('card');
  }
  document.body.dataset.ready = 'true';
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void start());
else void start();
