import type { Bilingual, Language } from '@theqa/kernel';
import { escapeHtml, t } from './html';

/** A link that keeps the page (and the query parameters it keeps) but switches the language: `?lang=` is what the apps read. */
export function switchHref(page: { path: string; keep?: Record<string, string> }, lang: Language): string {
  const query = new URLSearchParams({ ...(page.keep ?? {}), lang });
  return `${page.path}?${query.toString()}`;
}

/** What goes in the frame; the markup parts are the app's own, already escaped. */
export interface PageFrame {
  lang: Language;
  title: Bilingual;
  /** The app's name, after the title and as the header's home link. */
  appName: Bilingual;
  /** The home link's path (`/portal`). */
  home: string;
  /** The app's stylesheet's path. */
  stylesheet: string;
  /** Markup after the stylesheet's link, before </head> (a page's script from 'self'). */
  head?: string;
  /** Who is logged in, with the logout form; empty before a login. */
  who: string;
  /** The page in the other language (switchHref). */
  languageSwitch: string;
  /** The app's navigation; empty where there is none. */
  nav: string;
  body: string;
  footer: Bilingual;
}

/**
 * The page both first-party apps draw: Arabic first and right to left, English on request; landmarks,
 * a skip link, the header band (home, who, the language switch), the navigation, the page's heading
 * and body, the footer; no inline script or style.
 */
export function pageFrame(frame: PageFrame): string {
  const { lang } = frame;
  const other: Language = lang === 'ar' ? 'en' : 'ar';
  return `<!doctype html>
<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t(frame.title, lang)} — ${t(frame.appName, lang)}</title>
<link rel="stylesheet" href="${escapeHtml(frame.stylesheet)}">
${frame.head ?? ''}</head>
<body>
<a class="skip" href="#main">${t({ ar: 'انتقل إلى المحتوى', en: 'Skip to content' }, lang)}</a>
<header class="brand">
<a class="logo" href="${escapeHtml(frame.home)}">${t(frame.appName, lang)}</a>
${frame.who}
<a class="lang" href="${escapeHtml(frame.languageSwitch)}" lang="${other}" hreflang="${other}">${other === 'en' ? 'English' : 'العربية'}</a>
</header>
${frame.nav}
<main id="main" tabindex="-1">
<h1>${t(frame.title, lang)}</h1>
${frame.body}
</main>
<footer><p>${t(frame.footer, lang)}</p></footer>
</body>
</html>`;
}
