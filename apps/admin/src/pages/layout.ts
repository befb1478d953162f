import { ROLE_NAMES, rolesMay, type Administrator } from '@theqa/administration';
import { pageFrame, switchHref } from '@theqa/first-party-web';
import type { Bilingual, Language } from '@theqa/kernel';
import { ADMIN_ROUTES } from '../routes/admin-route-table';
import { csrfField, escapeHtml, ltr, t } from './html';

/** Who the page is for and where it is: enough for the header, the navigation and the language switch. */
export interface PageContext {
  lang: Language;
  /** The page's own path, without query: the language switch leads to it. */
  path: string;
  keep?: Record<string, string>;
  /** The administrator logged in; absent on the login and error pages before a login. */
  session?: { names: { ar?: string; en?: string }; civilNumber: string; csrfToken: string; administrator: Administrator };
}

export const CONSOLE_NAME: Bilingual = { ar: 'ثقة — لوحة إدارة الوزارة', en: "Theqa — the ministry's console" };

export { switchHref };

/**
 * Arabic first and right to left, English on request; landmarks, a skip link, no inline script or
 * style. The navigation lists the route table's sections the administrator's roles allow, and no other.
 */
export function layout(context: PageContext, options: { title: Bilingual; body: string }): string {
  const { lang } = context;
  const other: Language = lang === 'ar' ? 'en' : 'ar';
  const session = context.session;
  const name = session && (session.names[lang] ?? session.names[other]);
  const sections = session
    ? ADMIN_ROUTES.flatMap((r) => (r.method === 'GET' && r.nav && r.permission !== 'public' && rolesMay(session.administrator.roles, r.permission) ? [{ path: r.path, label: r.nav.label }] : []))
    : [];
  const nav = sections.length
    ? `<nav class="sections" aria-label="${t({ ar: 'أقسام لوحة الإدارة', en: 'Console sections' }, lang)}"><ul>${sections
        .map((s) => `<li><a href="${escapeHtml(s.path)}"${s.path === context.path ? ' aria-current="page"' : ''}>${t(s.label, lang)}</a></li>`)
        .join('')}</ul></nav>`
    : '';
  const roles = session ? session.administrator.roles.map((role) => t(ROLE_NAMES[role], lang)).join('، ') : '';
  const who = session
    ? `<div class="who"><span data-testid="who">${name ? `<span>${escapeHtml(name)}</span> · ` : ''}${ltr(session.civilNumber)}${roles ? ` · <span data-testid="who-roles">${roles}</span>` : ''}</span>
<form method="post" action="/admin/logout">${csrfField(session.csrfToken)}<button type="submit">${t({ ar: 'تسجيل الخروج', en: 'Log out' }, lang)}</button></form></div>`
    : '';
  return pageFrame({
    lang,
    title: options.title,
    appName: CONSOLE_NAME,
    home: '/admin',
    stylesheet: '/admin/assets/admin.css',
    who,
    languageSwitch: switchHref(context, other),
    nav,
    body: options.body,
    footer: { ar: 'لوحة إدارة الهوية الرقمية الوطنية. كل إجراء يُسجَّل في سجل التدقيق باسم من قام به.', en: 'The national digital identity console. Every action is written to the audit log in the name of whoever took it.' },
  });
}
