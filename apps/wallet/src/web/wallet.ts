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
  type UpgradeStep,
} from '@theqa/device-protocol';
import { isCivilNumber, type Bilingual, type Language } from '@theqa/kernel';
import { pdfjsLocationUnder, renderFirstPage } from '@theqa/pdf-preview/browser';
import { getJson, postJson, ProblemError, type Problem } from './api';
import { DICTIONARY, pick, text, type TextKey } from './i18n';
import { deviceKeyRequestPem, loadSigningKey, loadWallet, makeDeviceKey, pinProof, saveWallet, webCryptoAvailable, type StoredWallet } from './key-store';
import { answerLogin, loginExpired, loginFromChallenge, scanLogin, type LoginApproval, type LoginOutcome } from './login';
import { signedNotificationsPath } from './notifications-read';
import { answerSigning, listSigningRequests, signingDocument, type PendingSigning, type SigningList, type SigningOutcome } from './signing';
import { assertNewPin, assertPinFormat, changePin, finishPinReset, pinResetStep, readPinState, startPinReset, type PinResetJourney, type PinState } from './pin';
import { claimUpgrade, createSigningKey, currentUpgrade, upgradeStep, type UpgradeJourney } from './upgrade';

/**
 * The web wallet at /wallet: registration as the phone app (and `theqa wallet register`) does it, one
 * page per step, driven by the step the server names next. Arabic and right-to-left by default.
 * Bundled for the browser by the platform (esbuild, on first request); see apps/wallet/README.md.
 * Once registered: approving logins at relying parties (login-scan → login → login-result), and
 * signing documents they submit (signing-list → signing → signing-result), and the upgrade to HIGH
 * the self-service portal begins for this device (upgrade-scan → face → otp → terms → key → done), and
 * settings and security: the PIN's state, its change, and its reset (reset-face → otp → pin → done).
 */
type LoginPage = 'login-scan' | 'login' | 'login-result';
type SigningPage = 'signing-list' | 'signing' | 'signing-result';
type UpgradePage = 'upgrade-scan' | 'upgrade-face' | 'upgrade-otp' | 'upgrade-terms' | 'upgrade-key' | 'upgrade-done';
type PinPage = 'settings' | 'pin-change' | 'reset-face' | 'reset-otp' | 'reset-pin' | 'reset-done';
type Page = 'card' | EnrolmentStep | LoginPage | SigningPage | UpgradePage | PinPage;
type Pair = { ar?: string; en?: string };

const PAGES: Page[] = ['card', 'contact', 'terms', 'face', 'otp', 'pin', 'device-key', 'done'];
const LANGUAGE_KEY = 'theqa-wallet-language';
/** pdf.js's worker and fonts, served by the platform beside wallet.js (web-assets.ts). */
const PDFJS = pdfjsLocationUnder('/wallet');
/** The login being looked at, so that reloading the page does not lose a request already claimed. */
const LOGIN_KEY = 'theqa-wallet-login';
/** Refusals after which the journey cannot go on: the person starts again from the card. */
const JOURNEY_OVER = new Set(['journey-unknown', 'journey-closed', 'journey-expired', 'step-expired', 'face-attempts-exhausted', 'otp-attempts-exhausted']);
/** The upgrade this browser took up (its journey token), so that reloading the page carries it on. */
const UPGRADE_KEY = 'theqa-wallet-upgrade';
/** The upgrade's pages, in order, by the step the server names next. */
const UPGRADE_PAGES: Record<UpgradeStep, UpgradePage> = { scan: 'upgrade-scan', face: 'upgrade-face', otp: 'upgrade-otp', terms: 'upgrade-terms', 'signing-key': 'upgrade-key', done: 'upgrade-done' };
const UPGRADE_ORDER: Page[] = ['upgrade-scan', 'upgrade-face', 'upgrade-otp', 'upgrade-terms', 'upgrade-key'];
/** Refusals after which the upgrade cannot go on: it begins again in the portal. */
const UPGRADE_OVER = new Set([...JOURNEY_OVER, 'pin-blocked', 'device-revoked', 'person-deceased', 'card-not-valid', 'identity-suspended', 'already-high']);
/** Settings and security's pages; a reload on one of them opens the settings again. */
const PIN_PAGES: Page[] = ['settings', 'pin-change', 'reset-face', 'reset-otp', 'reset-pin', 'reset-done'];
/** The PIN reset's pages, by the step the server names next. */
const RESET_PAGES: Partial<Record<EnrolmentStep, PinPage>> = { face: 'reset-face', otp: 'reset-otp', pin: 'reset-pin' };
const RESET_ORDER: Page[] = ['reset-face', 'reset-otp', 'reset-pin'];
/**
 * Refusals of a login answer after which that login cannot go on (the server has decided it, or it is
 * gone): the wallet shows the outcome page. A wrong PIN is one of them: it denies the login too.
 */
const LOGIN_OVER = new Set([
  'pin-wrong',
  'pin-blocked',
  'login-decided',
  'login-expired',
  'login-unknown',
  'challenge-used',
  'challenge-expired',
  'challenge-unknown',
  'device-mismatch',
  'device-revoked',
  'device-unknown',
  'identity-unknown',
]);
/** How a refused signing answer ends on the outcome page; any other refusal stays on the request, shown. */
const SIGNING_OVER: Record<string, SigningResult['outcome']> = {
  'pin-blocked': 'blocked',
  'signing-request-expired': 'expired',
  'challenge-expired': 'expired',
  'request-expired': 'expired',
  'signing-request-ended': 'failed',
  'signing-request-unknown': 'failed',
  'document-signature-invalid': 'failed',
  'signing-failed': 'failed',
  'challenge-used': 'failed',
  'challenge-unknown': 'failed',
  'device-revoked': 'failed',
  'identity-suspended': 'failed',
};

interface SigningResult {
  outcome: 'signed' | 'declined' | 'blocked' | 'expired' | 'failed';
  document: Bilingual;
  relyingParty: Bilingual;
}

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
  /** The login request on the approval page, and the number picked. */
  login?: LoginApproval & { code?: string };
  loginResult?: { outcome: 'approved' | 'denied' | 'failed'; denial?: string; relyingParty: Pair };
  /** Whether this browser holds a signing key for the device (the upgrade to HIGH made one). */
  signingKey: boolean;
  signingList?: SigningList;
  /** The request on the detail page, and how far its first page's rendering got. */
  signing?: PendingSigning;
  preview?: { state: 'loading' | 'shown' | 'failed' | 'mismatch'; pages?: number };
  signingResult?: SigningResult;
  /** The upgrade to HIGH this browser took up, where the server says it stands; the selfie taken for it. */
  upgrade?: UpgradeJourney;
  upgradeSelfie?: string;
  /** The qualified signing certificate's serial, once the upgrade is done. */
  upgradeCertificate?: string;
  /** The PIN's state as the platform last told it (blocked, wrong entries so far), or that it could not be read. */
  pinState?: PinState | 'unknown';
  /** A PIN reset under way, and the selfie taken for it. */
  reset?: PinResetJourney;
  resetSelfie?: string;
} = { language: 'ar', development: false, page: 'card', signingKey: false };

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
  const upgradeIndex = UPGRADE_ORDER.indexOf(state.page);
  const resetIndex = RESET_ORDER.indexOf(state.page);
  $('progress').textContent =
    upgradeIndex >= 0
      ? t('app.progress', { n: upgradeIndex + 1, of: UPGRADE_ORDER.length })
      : resetIndex >= 0
        ? t('app.progress', { n: resetIndex + 1, of: RESET_ORDER.length })
        : index < 0 || state.page === 'done'
          ? ''
          : t('app.progress', { n: index + 1, of: PAGES.length });

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
  $('upgrade-face-take').hidden = !state.development;
  $('upgrade-face-file-row').hidden = state.development;
  $('upgrade-otp-dev-row').hidden = !state.development;
  $('reset-face-take').hidden = !state.development;
  $('reset-face-file-row').hidden = state.development;
  $('reset-otp-dev-row').hidden = !state.development;
  if (state.wallet) renderWallet(state.wallet);
  if (state.wallet) renderUpgrade(state.wallet);
  if (state.wallet) renderPin(state.wallet);
  if (state.login) renderLogin(state.login);
  if (state.loginResult) renderLoginResult(state.loginResult);
  if (state.signingList) renderSigningList(state.signingList);
  if (state.signing) renderSigning(state.signing);
  if (state.signingResult) renderSigningResult(state.signingResult);

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
  $('done-signing-key-label').hidden = !state.signingKey;
  $('done-signing-key').hidden = !state.signingKey;
  $('upgrade-offer').hidden = wallet.assurance === 'high';
  renderNotifications();
  listenForNotifications(wallet.device.serial);
}

interface Notification {
  id: string;
  sentAt: string;
  payload: { type: string; alert?: Bilingual; data?: { request?: string; challenge?: string } };
}
const notifications: Notification[] = [];
let listening: string | undefined;
/** Login requests this wallet has answered, until they expire: no longer offered (kept across reloads). */
const ANSWERED_KEY = 'theqa-wallet-answered-logins';
const answeredLogins = {
  read(): Record<string, string> {
    try {
      const all = JSON.parse(localStorage.getItem(ANSWERED_KEY) ?? '{}') as Record<string, string>;
      const now = new Date();
      return Object.fromEntries(Object.entries(all).filter(([, expires]) => typeof expires === 'string' && new Date(expires) > now));
    } catch {
      return {};
    }
  },
  has(request: string): boolean {
    return request in this.read();
  },
  add(approval: LoginApproval): void {
    localStorage.setItem(ANSWERED_KEY, JSON.stringify({ ...this.read(), [approval.login.request]: approval.challenge.expires_at }));
  },
};

function renderNotifications(): void {
  const items = notifications
    .slice()
    .reverse()
    .map((n) => {
      const item = document.createElement('li');
      item.dataset.type = n.payload.type;
      item.dataset.id = n.id;
      const line = document.createElement('span');
      line.textContent = `${n.payload.alert ? pick(state.language, n.payload.alert) : n.payload.type} — ${new Date(n.sentAt).toLocaleString(state.language === 'ar' ? 'ar-OM' : 'en-GB')}`;
      item.append(line);
      if (pendingLoginOf(n)) {
        const review = Object.assign(document.createElement('button'), { type: 'button', className: 'secondary small', textContent: t('notifications.review-login') });
        review.dataset.action = 'review-login';
        item.append(review);
      }
      if (n.payload.type === 'signing-request') {
        const review = Object.assign(document.createElement('button'), { type: 'button', className: 'secondary small', textContent: t('notifications.review-signing') });
        review.dataset.action = 'review-signing';
        item.append(review);
      }
      return item;
    });
  $('notifications').replaceChildren(...items);
  $('notifications-empty').hidden = notifications.length > 0;
}

/** A pushed login request this device can still answer (not expired, not answered here). */
function pendingLoginOf(n: Notification): LoginApproval | undefined {
  if (n.payload.type !== 'login-request' || typeof n.payload.data?.challenge !== 'string' || !state.wallet) return undefined;
  try {
    const approval = loginFromChallenge(n.payload.data.challenge, 'push', state.wallet.device.serial);
    return loginExpired(approval) || answeredLogins.has(approval.login.request) ? undefined : approval;
  } catch {
    return undefined;
  }
}

/**
 * The wallet's push channel: a long-poll that waits up to 25 s for the server to have something for
 * this device (security notices, login requests), then asks again. The first ask does not wait: what
 * it returns was there before the page opened; a login request arriving later opens its approval page
 * (unless the person is in the middle of another one).
 */
function listenForNotifications(serial: string): void {
  if (listening === serial) return;
  listening = serial;
  void (async () => {
    let after = '0';
    let wait = 0;
    while (listening === serial) {
      try {
        const { notifications: fresh } = await getJson<{ notifications: Notification[] }>(await signedNotificationsPath(serial, after, wait));
        if (fresh.length) {
          notifications.push(...fresh);
          after = fresh[fresh.length - 1].id;
          renderNotifications();
          const arrived = wait > 0 ? fresh.map(pendingLoginOf).filter((a) => a !== undefined).at(-1) : undefined;
          if (arrived && (state.page === 'done' || state.page === 'login-result')) openLogin(arrived, { key: 'login.arrived' });
          else if (wait > 0 && fresh.some((n) => n.payload.type === 'signing-request')) signingArrived();
        }
        wait = 25;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 5_000));
      }
    }
  })();
}

function renderLogin(approval: NonNullable<typeof state.login>): void {
  const { language } = state;
  const { login } = approval;
  const name = Object.assign(document.createElement('strong'), { id: 'login-rp', textContent: pick(language, login.relying_party) });
  const [before, after = ''] = t('login.asks').split('{rp}');
  $('login-asks').replaceChildren(before, name, after);
  $('login-claims').replaceChildren(
    ...login.claims.map((claim) => {
      const item = Object.assign(document.createElement('li'), { textContent: pick(language, claim) });
      item.dataset.claim = claim.claim;
      return item;
    }),
  );
  $('login-claims-none').hidden = login.claims.length > 0;
  $('login-purpose').textContent = pick(language, login.purpose);
  $('login-expires').textContent = t('login.expires', { time: new Date(approval.challenge.expires_at).toLocaleTimeString(language === 'ar' ? 'ar-OM' : 'en-GB') });
  $('login-codes-row').hidden = !login.codes;
  $('login-codes').replaceChildren(
    ...(login.codes ?? []).map((code) => {
      const button = Object.assign(document.createElement('button'), { type: 'button', className: 'code', textContent: code, dir: 'ltr' });
      button.dataset.code = code;
      button.setAttribute('aria-pressed', String(code === approval.code));
      return button;
    }),
  );
  $('login-binding-row').hidden = login.binding_message === undefined;
  $('login-binding').textContent = login.binding_message ?? '';
}

function renderLoginResult(result: NonNullable<typeof state.loginResult>): void {
  const rp = pick(state.language, result.relyingParty);
  const section = $('step-login-result');
  section.dataset.outcome = result.outcome;
  section.dataset.denial = result.denial ?? '';
  const titles = { approved: 'result.approved-title', denied: 'result.denied-title', failed: 'result.failed-title' } as const;
  $('login-result-title').textContent = t(titles[result.outcome]);
  let text: string;
  if (result.outcome === 'approved') text = t('result.approved', { rp });
  else if (result.outcome === 'failed') text = t('result.failed', { rp });
  else if (result.denial === 'wrong-code' || result.denial === 'denied-on-device' || result.denial === 'identity-suspended') text = t(`result.${result.denial}`, { rp });
  else text = t('result.other', { rp, reason: result.denial ?? '' });
  $('login-result-text').textContent = text;
}

const locale = () => (state.language === 'ar' ? 'ar-OM' : 'en-GB');

function renderSigningList(list: SigningList): void {
  const { language } = state;
  $('signing-requests').replaceChildren(
    ...list.requests.map((request) => {
      const button = Object.assign(document.createElement('button'), { type: 'button', className: 'request' });
      button.dataset.id = request.id;
      button.dataset.code = request.code;
      const span = (className: string, text: string, dir?: string) => Object.assign(document.createElement('span'), { className, textContent: text, ...(dir ? { dir } : {}) });
      button.append(
        span('document-name', pick(language, request.document.name), 'auto'),
        Object.assign(span('code', request.code, 'ltr'), { title: t('signing.code-label') }),
        span('rp', t('signing.from', { rp: pick(language, request.relying_party) })),
        span('until', t('signing.until', { time: new Date(request.expires_at).toLocaleString(locale()) })),
      );
      const item = document.createElement('li');
      item.append(button);
      return item;
    }),
  );
  $('signing-empty').hidden = list.requests.length > 0;
  $('signing-refused').hidden = list.refused === 0;
  $('signing-refused').textContent = list.refused ? t('signing.refused', { n: list.refused }) : '';
}

function renderSigning(request: PendingSigning): void {
  const { language } = state;
  const rp = pick(language, request.relying_party);
  const name = Object.assign(document.createElement('strong'), { textContent: rp });
  const [before, after = ''] = t('signing.asks').split('{rp}');
  $('signing-asks').replaceChildren(before, name, after);
  $('signing-document').textContent = pick(language, request.document.name);
  $('signing-rp').textContent = rp;
  $('signing-reason').textContent = request.reason ?? '';
  $('signing-reason').hidden = !request.reason;
  $('signing-reason-label').hidden = !request.reason;
  $('signing-pages').textContent = new Intl.NumberFormat(locale()).format(request.document.pages);
  $('signing-size').textContent = size(request.document.bytes);
  $('signing-expires').textContent = new Date(request.expires_at).toLocaleString(locale());
  $('signing-code').textContent = request.code;
  $('signing-code-hint').textContent = t('signing.code-hint', { rp });
  const preview = state.preview ?? { state: 'loading' };
  $('signing-figure').dataset.preview = preview.state;
  const captions = { loading: t('signing.preview-loading'), shown: t('signing.preview', { n: new Intl.NumberFormat(locale()).format(preview.pages ?? request.document.pages) }), failed: t('signing.preview-failed'), mismatch: t('signing.document-mismatch') };
  $('signing-preview-caption').textContent = captions[preview.state];
  $('signing-preview').setAttribute('aria-label', `${pick(language, request.document.name)} — ${captions[preview.state]}`);
  $<HTMLButtonElement>('signing-sign').hidden = preview.state === 'mismatch';
}

/** The document's size in the page's language: kB under a megabyte, MB above. */
function size(bytes: number): string {
  const [value, unit] = bytes < 1_000_000 ? [bytes / 1000, 'kilobyte'] : [bytes / 1_000_000, 'megabyte'];
  return new Intl.NumberFormat(locale(), { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}

function renderSigningResult(result: SigningResult): void {
  const section = $('step-signing-result');
  section.dataset.outcome = result.outcome;
  const values = { rp: pick(state.language, result.relyingParty), document: pick(state.language, result.document) };
  $('signing-result-title').textContent = t(`signed.${result.outcome}-title`);
  $('signing-result-text').textContent = t(`signed.${result.outcome}`, values);
}

/** The upgrade's pages: what the server sent for the step (the masked phone, the terms), and the outcome. */
function renderUpgrade(wallet: NonNullable<typeof state.wallet>): void {
  // The serial is left-to-right inside Arabic text: isolated in <bdi dir="ltr">, as the masked phone is.
  const [before, after = ''] = t('upgrade.scan-intro').split('{serial}');
  $('upgrade-scan-intro').replaceChildren(before, Object.assign(document.createElement('bdi'), { dir: 'ltr', textContent: wallet.device.serial }), after);
  const upgrade = state.upgrade?.state;
  if (upgrade) {
    const [before, after = ''] = t('otp.sent').split('{phone}');
    const phone = Object.assign(document.createElement('bdi'), { dir: 'ltr', textContent: upgrade.phone_on_record ?? '' });
    $('upgrade-otp-sent').replaceChildren(before, phone, after);
    if (upgrade.terms) {
      $('upgrade-terms-version').textContent = t('terms.version', { version: upgrade.terms.version });
      $('upgrade-terms-text').textContent = pick(state.language, upgrade.terms);
    }
  }
  $('upgrade-done-assurance').textContent = t(wallet.assurance === 'high' ? 'assurance.high' : 'assurance.medium');
  $('upgrade-done-serial').textContent = wallet.device.serial;
  $('upgrade-done-certificate').textContent = state.upgradeCertificate ?? '';
}

/** Settings and security: the PIN's state (blocked: what it means and the way out, on the status page too), the reset's pages. */
function renderPin(wallet: NonNullable<typeof state.wallet>): void {
  const pin = state.pinState;
  const known = pin !== undefined && pin !== 'unknown' ? pin : undefined;
  const blocked = known?.pin === 'blocked';
  $('done-pin-blocked').hidden = !blocked;
  $('settings-blocked').hidden = !blocked;
  // A blocked PIN cannot be changed (the old one is refused): the reset is the way out, the first button.
  $('settings-change-row').hidden = blocked;
  $('settings-reset').className = blocked ? '' : 'secondary';
  const line = $('settings-pin-state');
  line.dataset.pin = known?.pin ?? 'unknown';
  line.textContent = !known
    ? t('settings.pin-unknown')
    : blocked
      ? t('blocked.title')
      : [t('settings.pin-active'), known.failures ? t('settings.pin-failures', { n: known.failures }) : ''].filter(Boolean).join(' ');
  const [before, after = ''] = t('otp.sent').split('{phone}');
  $('reset-otp-sent').replaceChildren(before, Object.assign(document.createElement('bdi'), { dir: 'ltr', textContent: state.reset?.state.phone_on_record ?? '' }), after);
  $('reset-done-serial').textContent = wallet.device.serial;
}

/** What a refusal tells about the PIN: blocked, or the wrong entries so far (out of three). */
function learnPinState(problem: Problem): void {
  if (problem.code === 'pin-blocked') state.pinState = { pin: 'blocked', failures: 3 };
  else if (problem.code === 'pin-wrong' && typeof problem.attempts_left === 'number') state.pinState = { pin: 'active', failures: Math.max(0, 3 - problem.attempts_left) };
}

function renderProblem(): void {
  const problem = state.problem;
  $('error').hidden = !problem;
  // "Start again" begins a registration: an upgrade begins again in the portal, which its refusals say.
  $('restart').hidden = !(problem && JOURNEY_OVER.has(problem.code) && !state.page.startsWith('upgrade-') && !PIN_PAGES.includes(state.page));
  // A blocked PIN, wherever it is met (a login, a signature, the upgrade), offers its way out; the settings page has its own.
  $('error-reset').hidden = !(problem?.code === 'pin-blocked' && state.wallet && !PIN_PAGES.includes(state.page));
  if (!problem) return;
  $('error').dataset.code = problem.code;
  const { title, detail } = describe(problem);
  $('error-title').textContent = title;
  $('error-detail').textContent = detail;
  $('error-detail').hidden = !detail;
  $('error-detail').lang = 'en';
  const attempts = typeof problem.attempts_left === 'number' ? t('error.attempts-left', { n: problem.attempts_left }) : '';
  const retry = typeof problem.retry_after === 'number' ? t('error.retry-after', { n: problem.retry_after }) : '';
  $('error-attempts').textContent = [attempts, retry].filter(Boolean).join(' ');
  $('error-attempts').hidden = !attempts && !retry;
  // What the person can do about it, when the server says (problem+json `next`, in both languages).
  const next = problem.next && typeof problem.next === 'object' ? pick(state.language, problem.next as Pair) : '';
  $('error-next').textContent = next;
  $('error-next').hidden = !next;
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
  // The address carries the page only (a `?login=` that opened the wallet is spent once read).
  if (location.hash !== `#${page}` || location.search) history.replaceState(null, '', `${location.pathname}#${page}`);
  render();
  const first = document.querySelector<HTMLElement>(`section[data-step="${page}"] input:not([type="file"]):not([type="checkbox"]), section[data-step="${page}"] button:not([hidden])`);
  // A new page is read from its top (a signing request's PIN field lies below the document it signs).
  window.scrollTo({ top: 0 });
  first?.focus({ preventScroll: true });
}

/** A refusal made here, before anything is sent: shown like the server's, in both languages. */
function refuse(pair: Bilingual): never {
  throw new ProblemError({ status: 0, code: 'local', title: pick(state.language, pair), titles: pair });
}

function localText(key: TextKey): Bilingual {
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
    if (!isCivilNumber(civilNumber)) refuse(localText('card.civil-invalid'));
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

type SelfiePage = 'face' | 'upgrade-face' | 'reset-face';

async function selfieFromFile(file: File, page: SelfiePage = 'face'): Promise<void> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  useSelfie(btoa(binary), page);
}

/** The selfie taken (the camera stand-in, or a file), shown on the page it is for. */
function useSelfie(selfie: string, page: SelfiePage = 'face'): void {
  if (page === 'face') state.selfie = selfie;
  else if (page === 'upgrade-face') state.upgradeSelfie = selfie;
  else state.resetSelfie = selfie;
  $<HTMLImageElement>(`${page}-preview`).src = `data:image/png;base64,${selfie}`;
  $(`${page}-figure`).hidden = false;
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

// ---------------------------------------------------------------- the upgrade to HIGH

/** The portal's QR code (pasted, or its link): the device's signed scan takes the upgrade up. */
async function openUpgrade(text: string): Promise<void> {
  const journey = await claimUpgrade(text, location.origin);
  $<HTMLTextAreaElement>('upgrade-qr-text').value = '';
  followUpgrade(journey);
}

/** Goes to the page of the step the server names next, keeping the token for a reload. */
function followUpgrade(journey: UpgradeJourney, notice?: typeof state.notice): void {
  state.upgrade = journey;
  sessionStorage.setItem(UPGRADE_KEY, journey.token);
  show(UPGRADE_PAGES[journey.state.step], notice ?? (journey.state.message ? { pair: journey.state.message } : undefined));
}

/** Runs an upgrade step; a refusal that ends the upgrade forgets it (the portal begins a new one). */
async function upgradeAction(work: (journey: UpgradeJourney) => Promise<void>): Promise<void> {
  const journey = state.upgrade;
  if (!journey) throw new ProblemError({ status: 0, code: 'journey-unknown', titles: localText('upgrade.qr-expired') });
  try {
    await work(journey);
  } catch (error) {
    if (error instanceof ProblemError && UPGRADE_OVER.has(error.problem.code)) {
      endUpgrade();
      show('upgrade-scan');
    }
    throw error;
  }
}

function endUpgrade(): void {
  state.upgrade = undefined;
  state.upgradeSelfie = undefined;
  sessionStorage.removeItem(UPGRADE_KEY);
}

async function takeUpgradeSelfie(): Promise<void> {
  const wallet = state.wallet;
  if (!wallet) return;
  const { selfie } = await getJson<{ selfie: string }>(`/dev/selfie/${encodeURIComponent(wallet.civil_number)}`);
  useSelfie(selfie, 'upgrade-face');
}

async function sendUpgradeFace(): Promise<void> {
  await upgradeAction(async (journey) => {
    if (!state.upgradeSelfie) refuse(localText('face.none'));
    const next = await upgradeStep(journey, 'face', { selfie: state.upgradeSelfie });
    state.upgradeSelfie = undefined;
    $('upgrade-face-figure').hidden = true;
    followUpgrade(next);
  });
}

async function verifyUpgradeCode(): Promise<void> {
  await upgradeAction(async (journey) => {
    const code = $<HTMLInputElement>('upgrade-otp-code').value.replace(/\s/g, '');
    if (!/^\d{6}$/.test(code)) refuse(localText('otp.invalid'));
    const next = await upgradeStep(journey, 'otp', { code });
    $<HTMLInputElement>('upgrade-otp-code').value = '';
    followUpgrade(next);
  });
}

async function resendUpgradeCode(): Promise<void> {
  await upgradeAction(async (journey) => {
    state.upgrade = await upgradeStep(journey, 'otp/resend');
    state.notice = { key: 'otp.resent' };
    state.problem = undefined;
    render();
  });
}

async function acceptUpgradeTerms(): Promise<void> {
  await upgradeAction(async (journey) => {
    if (!$<HTMLInputElement>('upgrade-terms-box').checked) refuse(localText('terms.must-tick'));
    const version = journey.state.terms?.version ?? (await getJson<{ version: string }>('/enrolment/terms')).version;
    const next = await upgradeStep(journey, 'terms', { version });
    $<HTMLInputElement>('upgrade-terms-box').checked = false;
    followUpgrade(next);
  });
}

/** The signing key made in this browser and certified; the wallet is HIGH from here on. */
async function createUpgradeSigningKey(): Promise<void> {
  await upgradeAction(async (journey) => {
    const pin = $<HTMLInputElement>('upgrade-pin').value.replace(/\s/g, '');
    if (!/^\d{6}$/.test(pin)) refuse(localText('upgrade.pin-invalid'));
    try {
      const { result } = await createSigningKey(journey, pin);
      state.upgradeCertificate = result.certificate_serial;
    } finally {
      $<HTMLInputElement>('upgrade-pin').value = '';
    }
    endUpgrade();
    const wallet = await loadWallet();
    if (wallet) state.wallet = strip(wallet);
    state.signingKey = true;
    $('done-title').dataset.i18n = 'done.status-title';
    show('upgrade-done');
  });
}

// ---------------------------------------------------------------- settings and security: the PIN

/** The settings page, with the PIN's state read afresh from the platform (a signed device-status). */
async function openSettings(notice?: typeof state.notice): Promise<void> {
  let problem: Problem | undefined;
  try {
    state.pinState = await readPinState();
  } catch (error) {
    state.pinState = 'unknown';
    problem = error instanceof ProblemError ? error.problem : { status: 0, code: 'unexpected', title: (error as Error).message };
  }
  show('settings', notice);
  if (problem) {
    state.problem = problem;
    render();
  }
}

/** The status page's own read of the PIN's state, so that a blocked PIN shows with its way out as the wallet opens. */
function refreshPinState(): void {
  void readPinState().then(
    (pin) => {
      state.pinState = pin;
      render();
    },
    () => undefined,
  );
}

/**
 * The old PIN, the new one twice: the rules first (here, as the CLI applies them), then the platform,
 * which checks the old one and counts a wrong one. A blocked PIN ends on the settings page, which
 * explains the block and offers the reset.
 */
async function submitPinChange(): Promise<void> {
  const wallet = state.wallet;
  if (!wallet) return;
  const fields = (['pin-change-old', 'pin-change-new', 'pin-change-again'] as const).map((id) => $<HTMLInputElement>(id));
  const [old, fresh, again] = fields.map((field) => field.value.replace(/\s/g, ''));
  assertPinFormat(old);
  assertNewPin(wallet, fresh, again);
  try {
    state.pinState = await changePin(old, fresh, again);
  } catch (error) {
    if (error instanceof ProblemError && error.problem.code === 'pin-blocked') {
      learnPinState(error.problem);
      show('settings');
      state.problem = error.problem;
      render();
      return;
    }
    throw error;
  } finally {
    fields.forEach((field) => (field.value = ''));
  }
  show('settings', { key: 'change.done' });
}

async function beginPinReset(): Promise<void> {
  followReset(await startPinReset());
}

/** Goes to the reset's page for the step the server names next. */
function followReset(journey: PinResetJourney): void {
  state.reset = journey;
  show(RESET_PAGES[journey.state.step] ?? 'settings', journey.state.message ? { pair: journey.state.message } : undefined);
}

/** Runs a reset step; a refusal that ends the journey returns to the settings page, where a new reset can begin. */
async function resetAction(work: (journey: PinResetJourney) => Promise<void>): Promise<void> {
  const journey = state.reset;
  if (!journey) throw new ProblemError({ status: 0, code: 'local', titles: localText('reset.ended') });
  try {
    await work(journey);
  } catch (error) {
    if (error instanceof ProblemError && (JOURNEY_OVER.has(error.problem.code) || error.problem.code === 'device-unknown')) {
      endReset();
      show('settings');
    }
    throw error;
  }
}

function endReset(): void {
  state.reset = undefined;
  state.resetSelfie = undefined;
  $('reset-face-figure').hidden = true;
}

async function cancelReset(): Promise<void> {
  endReset();
  await openSettings();
}

async function takeResetSelfie(): Promise<void> {
  const wallet = state.wallet;
  if (!wallet) return;
  const { selfie } = await getJson<{ selfie: string }>(`/dev/selfie/${encodeURIComponent(wallet.civil_number)}`);
  useSelfie(selfie, 'reset-face');
}

async function sendResetFace(): Promise<void> {
  await resetAction(async (journey) => {
    if (!state.resetSelfie) refuse(localText('face.none'));
    const next = await pinResetStep(journey, 'face', { selfie: state.resetSelfie });
    state.resetSelfie = undefined;
    $('reset-face-figure').hidden = true;
    followReset(next);
  });
}

async function verifyResetCode(): Promise<void> {
  await resetAction(async (journey) => {
    const code = $<HTMLInputElement>('reset-otp-code').value.replace(/\s/g, '');
    if (!/^\d{6}$/.test(code)) refuse(localText('otp.invalid'));
    const next = await pinResetStep(journey, 'otp', { code });
    $<HTMLInputElement>('reset-otp-code').value = '';
    followReset(next);
  });
}

async function resendResetCode(): Promise<void> {
  await resetAction(async (journey) => {
    state.reset = await pinResetStep(journey, 'otp/resend');
    state.notice = { key: 'otp.resent' };
    state.problem = undefined;
    render();
  });
}

/** The new PIN twice, and the new device key: the block is lifted, the wallet holds the new key and certificate. */
async function setResetPin(): Promise<void> {
  await resetAction(async (journey) => {
    const wallet = state.wallet;
    if (!wallet) return;
    const first = $<HTMLInputElement>('reset-pin-first');
    const second = $<HTMLInputElement>('reset-pin-second');
    assertNewPin(wallet, first.value, second.value);
    let renewed: StoredWallet;
    try {
      renewed = await finishPinReset(journey, first.value, second.value);
    } finally {
      first.value = '';
      second.value = '';
    }
    endReset();
    state.wallet = strip(renewed);
    state.pinState = { pin: 'active', failures: 0 };
    show('reset-done');
  });
}

// ---------------------------------------------------------------- logins at relying parties

/**
 * The "scan" page. A browser cannot photograph a QR code shown on its own screen, and real camera
 * scanning (the phone app's job) is out of scope here: the person pastes the code's text, or follows
 * the login page's "open it here" link (/wallet/?login=…), which lands in the same place.
 */
async function openQr(text: string): Promise<void> {
  const approval = await scanLogin(text, location.origin);
  $<HTMLTextAreaElement>('login-qr-text').value = '';
  openLogin(approval);
}

function openLogin(approval: LoginApproval, notice?: typeof state.notice): void {
  state.login = { ...approval };
  state.loginResult = undefined;
  sessionStorage.setItem(LOGIN_KEY, JSON.stringify({ payload: approval.payload, via: approval.via }));
  $<HTMLInputElement>('login-pin').value = '';
  show('login', notice);
}

function pickCode(code: string): void {
  const login = state.login;
  if (!login?.login.codes?.includes(code)) return;
  login.code = code;
  for (const button of document.querySelectorAll<HTMLButtonElement>('#login-codes button[data-code]')) button.setAttribute('aria-pressed', String(button.dataset.code === code));
  state.problem = undefined;
  renderProblem();
}

async function approveLogin(): Promise<void> {
  const approval = currentLogin();
  const pin = $<HTMLInputElement>('login-pin').value.replace(/\s/g, '');
  if (approval.login.codes && !approval.code) refuse(localText('login.code-missing'));
  if (!/^\d{6}$/.test(pin)) refuse(localText('login.pin-invalid'));
  await sendLoginAnswer(approval, () => answerLogin(approval, 'approve', pin, approval.code));
}

async function denyLogin(): Promise<void> {
  const approval = currentLogin();
  await sendLoginAnswer(approval, () => answerLogin(approval, 'deny'));
}

/** Sends the answer; a refusal that ends the login shows its outcome page, any other stays on the login page. */
async function sendLoginAnswer(approval: LoginApproval, send: () => Promise<LoginOutcome>): Promise<void> {
  let outcome: LoginOutcome;
  try {
    outcome = await send();
  } catch (error) {
    if (error instanceof ProblemError && LOGIN_OVER.has(error.problem.code)) {
      finishLogin(approval, { outcome: 'failed' }, error.problem);
      return;
    }
    throw error;
  } finally {
    $<HTMLInputElement>('login-pin').value = '';
  }
  finishLogin(approval, { outcome: outcome.status, denial: outcome.denial });
}

function finishLogin(approval: LoginApproval, result: { outcome: 'approved' | 'denied' | 'failed'; denial?: string }, problem?: Problem): void {
  answeredLogins.add(approval);
  sessionStorage.removeItem(LOGIN_KEY);
  state.login = undefined;
  state.loginResult = { ...result, relyingParty: approval.login.relying_party };
  show('login-result');
  if (problem) {
    learnPinState(problem);
    state.problem = problem;
    render();
  }
}

function currentLogin(): NonNullable<typeof state.login> {
  if (!state.login) throw new ProblemError({ status: 0, code: 'local', titles: localText('login.expired') });
  return state.login;
}

/** An upgrade taken up before the page was reloaded, if it can still go on. */
async function resumedUpgrade(): Promise<UpgradeJourney | undefined> {
  const token = sessionStorage.getItem(UPGRADE_KEY);
  if (!token) return undefined;
  try {
    return await currentUpgrade(token);
  } catch {
    sessionStorage.removeItem(UPGRADE_KEY);
    return undefined;
  }
}

/** A login opened before the page was reloaded, if it can still be answered. */
function resumedLogin(serial: string): LoginApproval | undefined {
  try {
    const saved = JSON.parse(sessionStorage.getItem(LOGIN_KEY) ?? 'null') as { payload?: unknown; via?: unknown } | null;
    if (!saved || typeof saved.payload !== 'string') return undefined;
    const approval = loginFromChallenge(saved.payload, saved.via === 'push' ? 'push' : 'qr', serial);
    return loginExpired(approval) ? undefined : approval;
  } catch {
    return undefined;
  } finally {
    sessionStorage.removeItem(LOGIN_KEY);
  }
}

// ---------------------------------------------------------------- signing requests of relying parties

/** The list page, read afresh (a signed read: only this device may see its requests). */
async function openSigningList(notice?: typeof state.notice): Promise<void> {
  state.signingList = await listSigningRequests();
  state.signing = undefined;
  state.signingResult = undefined;
  show('signing-list', notice);
}

/** A signing request arrived on the push channel: the list, if open, shows it; the status page says so. */
function signingArrived(): void {
  if (state.page === 'signing-list') void action($('step-signing-list'), () => openSigningList({ key: 'signing.arrived' }))();
  else if (state.page === 'done') {
    state.notice = { key: 'signing.arrived' };
    render();
  }
}

/** The detail page: everything the challenge says, the wallet's own code, and the document's first page. */
async function openSigning(id: string): Promise<void> {
  const request = state.signingList?.requests.find((r) => r.id === id);
  if (!request) throw new ProblemError({ status: 0, code: 'local', titles: localText('signing.gone') });
  state.signing = request;
  state.preview = { state: 'loading' };
  state.signingResult = undefined;
  $<HTMLInputElement>('signing-pin').value = '';
  const canvas = $<HTMLCanvasElement>('signing-preview');
  canvas.width = 0;
  canvas.height = 0;
  show('signing');
  let pdf: Uint8Array;
  try {
    pdf = await signingDocument(request);
  } catch (error) {
    state.preview = { state: error instanceof ProblemError && error.problem.code === 'document-mismatch' ? 'mismatch' : 'failed' };
    throw error;
  }
  try {
    const width = Math.min($('signing-figure').clientWidth || 480, 560);
    const rendered = await renderFirstPage(pdf, canvas, width, PDFJS);
    state.preview = { state: 'shown', pages: rendered.pages };
  } catch (error) {
    console.error(error);
    state.preview = { state: 'failed' };
  }
  if (state.signing === request) render();
}

async function signDocument(): Promise<void> {
  const request = currentSigning();
  const pin = $<HTMLInputElement>('signing-pin').value.replace(/\s/g, '');
  if (!/^\d{6}$/.test(pin)) refuse(localText('signing.pin-invalid'));
  await sendSigningAnswer(request, () => answerSigning(request, 'approve', pin));
}

async function declineDocument(): Promise<void> {
  const request = currentSigning();
  await sendSigningAnswer(request, () => answerSigning(request, 'deny'));
}

/**
 * Sends the answer. A wrong PIN is one of the three tries, not the end of the request: the platform
 * gives the device a fresh challenge for it, which the wallet reads before staying on the page with
 * the attempts left. Refusals that end the request show the outcome page.
 */
async function sendSigningAnswer(request: PendingSigning, send: () => Promise<SigningOutcome>): Promise<void> {
  let outcome: SigningOutcome;
  try {
    outcome = await send();
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    const ending = SIGNING_OVER[error.problem.code];
    if (ending) {
      finishSigning(request, ending, error.problem);
      return;
    }
    if (error.problem.code === 'pin-wrong') {
      state.signingList = await listSigningRequests().catch(() => state.signingList);
      const renewed = state.signingList?.requests.find((r) => r.id === request.id);
      if (renewed) state.signing = renewed;
      else finishSigning(request, 'failed', error.problem);
    }
    throw error;
  } finally {
    $<HTMLInputElement>('signing-pin').value = '';
  }
  finishSigning(request, outcome.status === 'signed' ? 'signed' : outcome.status === 'declined' ? 'declined' : 'failed');
}

function finishSigning(request: PendingSigning, outcome: SigningResult['outcome'], problem?: Problem): void {
  state.signing = undefined;
  state.preview = undefined;
  state.signingResult = { outcome, document: request.document.name, relyingParty: request.relying_party };
  show('signing-result');
  if (problem) {
    learnPinState(problem);
    state.problem = problem;
    render();
  }
}

function currentSigning(): PendingSigning {
  if (!state.signing) throw new ProblemError({ status: 0, code: 'local', titles: localText('signing.gone') });
  return state.signing;
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
      learnPinState(state.problem);
      const expected = state.problem.expected_step;
      if (state.problem.code === 'step-out-of-order' && typeof expected === 'string') {
        if (state.page.startsWith('upgrade-')) state.page = UPGRADE_PAGES[expected as UpgradeStep] ?? state.page;
        else if (state.page.startsWith('reset-')) state.page = RESET_PAGES[expected as EnrolmentStep] ?? state.page;
        else if (PAGES.includes(expected as Page)) state.page = expected as Page;
      }
      if (state.problem.code === 'unexpected') console.error(error);
      render();
      // The refusal shows above the page: in sight, even when the button pressed is far below it.
      $('error').scrollIntoView({ block: 'nearest' });
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

  $('login-open-scan').addEventListener('click', () => show('login-scan'));
  $('login-scan-back').addEventListener('click', () => show('done'));
  onSubmit('login-scan-form', () => openQr($<HTMLTextAreaElement>('login-qr-text').value));
  $('login-codes').addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-code]');
    if (button?.dataset.code) pickCode(button.dataset.code);
  });
  onSubmit('login-form', approveLogin);
  onClick('login-deny', denyLogin);
  $('login-result-back').addEventListener('click', () => {
    state.loginResult = undefined;
    show('done');
  });
  $('upgrade-open').addEventListener('click', () => show('upgrade-scan'));
  $('upgrade-scan-back').addEventListener('click', () => show('done'));
  onSubmit('upgrade-scan-form', () => openUpgrade($<HTMLTextAreaElement>('upgrade-qr-text').value));
  onClick('upgrade-face-take', takeUpgradeSelfie);
  $<HTMLInputElement>('upgrade-face-file').addEventListener('change', (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) void action($('upgrade-face-form'), () => selfieFromFile(file, 'upgrade-face'))();
  });
  onSubmit('upgrade-face-form', sendUpgradeFace);
  onSubmit('upgrade-otp-form', verifyUpgradeCode);
  onClick('upgrade-otp-resend', resendUpgradeCode);
  onSubmit('upgrade-terms-form', acceptUpgradeTerms);
  onSubmit('upgrade-key-form', createUpgradeSigningKey);
  onClick('upgrade-done-signing', () => openSigningList());
  $('upgrade-done-back').addEventListener('click', () => show('done'));
  onClick('settings-open', () => openSettings());
  $('settings-back').addEventListener('click', () => show('done'));
  $('settings-change').addEventListener('click', () => show('pin-change'));
  onClick('settings-reset', beginPinReset);
  onClick('done-pin-reset', beginPinReset);
  onClick('error-reset', beginPinReset);
  onSubmit('pin-change-form', submitPinChange);
  onClick('pin-change-cancel', () => openSettings());
  onClick('reset-face-take', takeResetSelfie);
  $<HTMLInputElement>('reset-face-file').addEventListener('change', (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) void action($('reset-face-form'), () => selfieFromFile(file, 'reset-face'))();
  });
  onSubmit('reset-face-form', sendResetFace);
  onSubmit('reset-otp-form', verifyResetCode);
  onClick('reset-otp-resend', resendResetCode);
  onSubmit('reset-pin-form', setResetPin);
  for (const id of ['reset-face-cancel', 'reset-otp-cancel', 'reset-pin-cancel']) onClick(id, cancelReset);
  $('reset-done-back').addEventListener('click', () => show('done'));
  onClick('signing-open', () => openSigningList());
  onClick('signing-refresh', () => openSigningList());
  $('signing-list-back').addEventListener('click', () => show('done'));
  $('signing-requests').addEventListener('click', (event) => {
    const id = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-id]')?.dataset.id;
    if (id) void action($('step-signing-list'), () => openSigning(id))();
  });
  onSubmit('signing-form', signDocument);
  onClick('signing-decline', declineDocument);
  onClick('signing-back', () => openSigningList());
  onClick('signing-result-list', () => openSigningList());
  $('notifications').addEventListener('click', (event) => {
    if ((event.target as HTMLElement).closest('button[data-action="review-signing"]')) {
      void action($('step-done'), () => openSigningList())();
      return;
    }
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action="review-login"]');
    const id = button?.closest('li')?.dataset.id;
    const approval = id ? notifications.map((n) => (n.id === id ? pendingLoginOf(n) : undefined)).find((a) => a !== undefined) : undefined;
    if (approval) openLogin(approval);
    else renderNotifications();
  });

  if (!webCryptoAvailable()) {
    show('card');
    state.problem = { status: 0, code: 'local', titles: localText('app.no-crypto') };
    render();
    return;
  }
  state.development = await detectDevelopment();
  const wallet = await loadWallet().catch(() => undefined);
  // The login page's "Theqa wallet on this device? Open it here" link: /wallet/?login=<the QR code's text>;
  // the portal's upgrade page has the same for its code: /wallet/?upgrade=<the QR code's text>.
  const loginText = new URLSearchParams(location.search).get('login');
  const upgradeText = new URLSearchParams(location.search).get('upgrade');
  if (wallet) {
    state.wallet = strip(wallet);
    state.signingKey = !!(await loadSigningKey(wallet.device.serial).catch(() => undefined));
    $('done-title').dataset.i18n = 'done.status-title';
    const resumed = loginText === null ? resumedLogin(wallet.device.serial) : undefined;
    const upgrading = upgradeText === null ? await resumedUpgrade() : undefined;
    if (upgradeText !== null) {
      show('upgrade-scan');
      $<HTMLTextAreaElement>('upgrade-qr-text').value = upgradeText;
      await action($('upgrade-scan-form'), () => openUpgrade(upgradeText))();
    } else if (upgrading) {
      followUpgrade(upgrading);
    } else if (loginText !== null) {
      show('login-scan');
      $<HTMLTextAreaElement>('login-qr-text').value = loginText;
      await action($('login-scan-form'), () => openQr(loginText))();
    } else if (resumed) {
      openLogin(resumed);
    } else if (PIN_PAGES.includes(location.hash.slice(1) as Page)) {
      // /wallet/#settings (the portal's PIN page links there); a reset under way is not kept across a reload.
      await action($('step-settings'), () => openSettings())();
    } else {
      show('done');
      refreshPinState();
    }
  } else {
    show('card', loginText !== null ? { key: 'login.register-first' } : undefined);
  }
  document.body.dataset.ready = 'true';
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void start());
else void start();
