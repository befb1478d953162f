import type { Request } from 'express';
import type { Language } from '@theqa/kernel';

/** The language choice, shared by the portal, the console and the gateway's pages (the same name and path). */
export const LANGUAGE_COOKIE = 'theqa_lang';

/** The page's language: `?lang=` (remembered in the cookie the gateway's pages read too), the cookie, or Arabic. */
export function languageOf(req: Request): Language {
  const asked = req.query?.lang;
  if (asked === 'en' || asked === 'ar') return asked;
  const cookie = /(?:^|;\s*)theqa_lang=(ar|en)(?:;|$)/.exec(req.headers.cookie ?? '');
  return cookie?.[1] === 'en' ? 'en' : 'ar';
}

/** Whether the language cookie already says `lang` (so a `?lang=` that agrees sets nothing). */
export function languageCookieSays(req: Request, lang: Language): boolean {
  return new RegExp(`(?:^|;\\s*)${LANGUAGE_COOKIE}=${lang}(?:;|$)`).test(req.headers.cookie ?? '');
}
