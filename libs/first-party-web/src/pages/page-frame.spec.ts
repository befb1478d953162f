import { pageFrame, switchHref } from './page-frame';

describe('pageFrame', () => {
  const frame = { title: { ar: 'الأجهزة', en: 'Devices' }, appName: { ar: 'ثقة', en: 'Theqa' }, home: '/portal', stylesheet: '/portal/assets/portal.css', who: '', nav: '', body: '<p>b</p>', footer: { ar: 'ت', en: 'F' } };

  it('is Arabic and right to left first, links the other language, and escapes the switch', () => {
    const ar = pageFrame({ ...frame, lang: 'ar', languageSwitch: switchHref({ path: '/portal/activity', keep: { before: 'a&b' } }, 'en') });
    expect(ar).toContain('<html lang="ar" dir="rtl">');
    expect(ar).toContain('<title>الأجهزة — ثقة</title>');
    expect(ar).toContain('<a class="lang" href="/portal/activity?before=a%26b&amp;lang=en" lang="en" hreflang="en">English</a>');
    const en = pageFrame({ ...frame, lang: 'en', languageSwitch: '/portal?lang=ar', head: '<script src="/x.js" defer></script>\n' });
    expect(en).toContain('<html lang="en" dir="ltr">');
    expect(en).toContain('<link rel="stylesheet" href="/portal/assets/portal.css">\n<script src="/x.js" defer></script>\n</head>');
    expect(en).toContain('<main id="main" tabindex="-1">\n<h1>Devices</h1>\n<p>b</p>\n</main>\n<footer><p>F</p></footer>');
  });
});
