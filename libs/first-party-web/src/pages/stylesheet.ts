/** An app's own colours and width: the portal's green, the console's blue, so nobody mistakes one for the other. */
export interface StylesheetTheme {
  /** Behind the page. */
  page: string;
  /** The header band, buttons, the current section's mark. */
  brand: string;
  navBackground: string;
  navBorder: string;
  navText: string;
  /** The main column's maximum width. */
  width: string;
}

/**
 * The page chrome both first-party apps share — body, links, the always-visible focus, the skip link,
 * the header band, the sections' navigation, main and footer, headings — in the app's theme. The app
 * appends its own rules. Logical properties throughout, so that right-to-left and left-to-right both
 * lay out; colours meet WCAG AA.
 */
export function baseStylesheet(theme: StylesheetTheme): string {
  return `
body { font-family: "Noto Naskh Arabic", "Segoe UI", Tahoma, sans-serif; margin: 0; background: ${theme.page}; color: #1b1f24; line-height: 1.6; }
a { color: #0b4f8a; }
a:visited { color: #5a2d82; }
a:focus-visible, button:focus-visible, input:focus-visible, summary:focus-visible, [tabindex]:focus-visible { outline: 3px solid #ffbf47; outline-offset: 0; box-shadow: 0 0 0 6px #0b0c0c; }
.skip { position: absolute; inset-inline-start: -999em; }
.skip:focus { position: static; display: block; padding: 0.5rem 1rem; background: #ffbf47; color: #0b0c0c; }
.brand { background: ${theme.brand}; color: #fff; padding: 0.75rem 1.25rem; display: flex; flex-wrap: wrap; gap: 0.75rem 1.5rem; justify-content: space-between; align-items: center; }
.brand a, .brand a:visited { color: #fff; }
.brand .logo { font-weight: 700; font-size: 1.3rem; text-decoration: none; }
.brand .who { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }
.brand form { margin: 0; }
.brand button { background: #fff; color: ${theme.brand}; }
nav.sections { background: ${theme.navBackground}; border-block-end: 1px solid ${theme.navBorder}; }
nav.sections ul { list-style: none; margin: 0 auto; padding: 0 1rem; max-width: ${theme.width}; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; }
nav.sections a { display: inline-block; padding: 0.6rem 0.25rem; color: ${theme.navText}; text-decoration: none; font-weight: 600; }
nav.sections a[aria-current="page"] { border-block-end: 4px solid ${theme.brand}; }
nav.sections a:hover { text-decoration: underline; }
main { max-width: ${theme.width}; margin: 1.5rem auto; background: #fff; padding: 1.5rem; border-radius: 0.5rem; box-shadow: 0 1px 3px rgba(0,0,0,0.1); }
main:focus { outline: none; }
footer { max-width: ${theme.width}; margin: 0 auto 2rem; padding: 0 1.5rem; color: #4a535c; font-size: 0.9rem; }
h1 { font-size: 1.6rem; margin-block-start: 0; }
h2 { font-size: 1.2rem; margin-block-start: 1.75rem; }`;
}
