/// <reference types="jest" /> // its checks are assertions of the suite that calls it
import type { Page } from 'playwright-core';
import { seriousViolations } from './axe';
import type { Screenshots } from './screenshots';

/**
 * Every check a server-rendered page gets, in both languages: its language and direction, no serious
 * or critical accessibility violation, and a screenshot — once `ready` says the page is done (a
 * preview its script draws); then nothing the CSP refused (`refused`, as the suite collects it).
 * Back to Arabic, the default, for whatever the test does next.
 */
export async function checkPage(page: Page, shots: Screenshots, name: string, refused: string[] = [], ready?: (page: Page) => Promise<unknown>): Promise<void> {
  const url = new URL(page.url());
  for (const lang of ['ar', 'en'] as const) {
    url.searchParams.set('lang', lang);
    await page.goto(url.href);
    await ready?.(page);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    expect({ page: `${name} (${lang})`, violations: await seriousViolations(page) }).toEqual({ page: `${name} (${lang})`, violations: [] });
    await shots.take(page, `${name}-${lang}`);
  }
  expect(refused).toEqual([]);
  url.searchParams.set('lang', 'ar');
  await page.goto(url.href);
}
