import { pageFrame, switchHref } from '@theqa/first-party-web';
import type { Bilingual, Language } from '@theqa/kernel';
import { csrfField, escapeHtml, ltr, t } from './html';

export type Section = 'dashboard' | 'upgrade' | 'devices' | 'pin' | 'consents' | 'sign' | 'activity';

/** Who the page is for and where it is: enough for the header, the navigation and the language switch. */
export interface PageContext {
  lang: Language;
  /** The page's own path, without query: the language switch leads to it. */
  path: string;
  /** Query parameters the page keeps across a language switch (a page of activity). */
  keep?: Record<string, string>;
  /** The person logged in; absent on the login and error pages. */
  session?: {
    names: { ar?: string; en?: string };
    civilNumber: string;
    csrfToken: string;
    /** False for a card holder who never enrolled in THEQA: no upgrade, devices or PIN to show them. */
    holdsDigitalIdentity: boolean;
  };
  features: { upgrade: boolean; signPdf: boolean };
}

/**
 * The portal's sections in the order the guide's "manage digital identity" lists them. The upgrade and
 * "sign a PDF" pages come with later work: their places are kept here and shown once they are served.
 */
const SECTIONS: Array<{ id: Section; href: string; label: Bilingual; when?: 'upgrade' | 'signPdf'; ofIdentity?: true }> = [
  { id: 'dashboard', href: '/portal', label: { ar: 'إدارة الهوية الرقمية', en: 'Manage digital identity' } },
  { id: 'upgrade', href: '/portal/upgrade', label: { ar: 'ترقية الهوية الرقمية', en: 'Upgrade to high' }, when: 'upgrade', ofIdentity: true },
  { id: 'devices', href: '/portal/devices', label: { ar: 'الأجهزة', en: 'Devices' }, ofIdentity: true },
  { id: 'pin', href: '/portal/pin', label: { ar: 'الرقم السري', en: 'PIN' }, ofIdentity: true },
  { id: 'consents', href: '/portal/consents', label: { ar: 'الموافقات', en: 'Consents' } },
  { id: 'sign', href: '/portal/sign', label: { ar: 'توقيع مستند PDF', en: 'Sign a PDF' }, when: 'signPdf' },
  { id: 'activity', href: '/portal/activity', label: { ar: 'سجل النشاط', en: 'Activity' } },
];

const PORTAL_NAME: Bilingual = { ar: 'ثقة — بوابة الخدمة الذاتية', en: 'Theqa — self-service portal' };

export { switchHref };

/**
 * Arabic first and right to left, English on request; landmarks, a skip link, no inline script or
 * style. `head` is markup of the portal's own (already escaped): a page's script from 'self' with what
 * goes with it; `script` is one of the portal's own script files, by its path.
 */
export function layout(context: PageContext, options: { title: Bilingual; body: string; section?: Section; head?: string; script?: string }): string {
  const { lang } = context;
  const other: Language = lang === 'ar' ? 'en' : 'ar';
  const session = context.session;
  const name = session && (session.names[lang] ?? session.names[other]);
  const nav = session
    ? `<nav class="sections" aria-label="${t({ ar: 'أقسام البوابة', en: 'Portal sections' }, lang)}"><ul>${SECTIONS.filter((s) => (!s.when || context.features[s.when]) && (!s.ofIdentity || session.holdsDigitalIdentity))
        .map((s) => `<li><a href="${s.href}"${s.id === options.section ? ' aria-current="page"' : ''}>${t(s.label, lang)}</a></li>`)
        .join('')}</ul></nav>`
    : '';
  const who = session
    ? `<div class="who"><span>${name ? `<span>${escapeHtml(name)}</span> · ` : ''}${ltr(session.civilNumber)}</span>
<form method="post" action="/portal/logout">${csrfField(session.csrfToken)}<button type="submit">${t({ ar: 'تسجيل الخروج', en: 'Log out' }, lang)}</button></form></div>`
    : '';
  return pageFrame({
    lang,
    title: options.title,
    appName: PORTAL_NAME,
    home: '/portal',
    stylesheet: '/portal/assets/portal.css',
    head: `${options.head ?? ''}\n${options.script ? `<script src="${escapeHtml(options.script)}" defer></script>\n` : ''}`,
    who,
    languageSwitch: switchHref(context, other),
    nav,
    body: options.body,
    footer: { ar: 'الهوية الرقمية الوطنية. لا تطلب هذه البوابة رقمك السري أبداً.', en: 'The national digital identity. This portal never asks for your PIN.' },
  });
}
