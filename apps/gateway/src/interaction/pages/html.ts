/** Server-rendered pages: every value goes through `escapeHtml`, and a page is a plain string. */
import { escapeHtml } from '@theqa/http-shell';
import type { Bilingual, Language } from '@theqa/kernel';

export const t = (text: Bilingual, lang: Language) => escapeHtml(text[lang]);

export interface PageOptions {
  title: Bilingual;
  body: string;
  /** Reload after this many seconds: how the waiting page follows the wallet without JavaScript. */
  refreshSeconds?: number;
  /** The same page in the other language. */
  switchHref?: string;
  /** Same-origin script files (the CSP allows 'self' only where a page has one). */
  scripts?: string[];
}

/** Arabic first, right to left; English on request. No inline script or style (the CSP forbids both). */
export function page(lang: Language, options: PageOptions): string {
  const other = lang === 'ar' ? 'en' : 'ar';
  return `<!doctype html>
<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${options.refreshSeconds ? `<meta http-equiv="refresh" content="${options.refreshSeconds}">` : ''}
<title>${t(options.title, lang)} — ${lang === 'ar' ? 'ثقة' : 'Theqa'}</title>
<link rel="stylesheet" href="/login-assets/gateway.css">
${(options.scripts ?? []).map((src) => `<script src="${escapeHtml(src)}" defer></script>`).join('\n')}
</head>
<body>
<header class="brand"><span class="logo">${lang === 'ar' ? 'ثقة' : 'Theqa'}</span>${options.switchHref ? ` <a class="lang" href="${escapeHtml(options.switchHref)}" lang="${other}">${other === 'en' ? 'English' : 'العربية'}</a>` : ''}</header>
<main>
<h1>${t(options.title, lang)}</h1>
${options.body}
</main>
</body>
</html>`;
}
