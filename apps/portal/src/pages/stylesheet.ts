import { baseStylesheet } from '@theqa/first-party-web';

/**
 * The portal's stylesheet, served at /portal/assets/portal.css. Kept in a module rather than a file so
 * that the compiled build (dist/) carries it without a copy step. Logical properties throughout, so
 * that right-to-left and left-to-right both lay out; focus is always visible; colours meet WCAG AA.
 */
export const PORTAL_STYLESHEET = `${baseStylesheet({ page: '#f4f6f8', brand: '#0b5c4a', navBackground: '#e6efec', navBorder: '#c3d3ce', navText: '#0b3d31', width: '60rem' })}
h3 { font-size: 1.05rem; }
section.card { border: 1px solid #d0d7de; border-radius: 0.5rem; padding: 0 1rem 1rem; margin-block: 1rem; }
.choices { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); margin-block: 1rem; }
.choice { border: 1px solid #d0d7de; border-radius: 0.5rem; padding: 1rem; }
.choice.coming { background: #f6f8fa; }
label { display: block; font-weight: 600; margin-block-end: 0.25rem; }
.hint { display: block; color: #4a535c; font-size: 0.95rem; margin-block-end: 0.4rem; }
input[type="text"] { font-size: 1.1rem; padding: 0.45rem; width: 100%; max-width: 24rem; box-sizing: border-box; border: 2px solid #1b1f24; border-radius: 0.25rem; }
input[aria-invalid="true"] { border-color: #a40e26; }
.field-error { color: #a40e26; font-weight: 600; margin: 0.25rem 0; }
button { font-size: 1rem; padding: 0.55rem 1.15rem; border-radius: 0.4rem; border: 0; background: #0b5c4a; color: #fff; cursor: pointer; font-family: inherit; }
button.danger { background: #a40e26; }
button.secondary { background: #e6e9ec; color: #1b1f24; }
button[disabled] { background: #d0d7de; color: #4a535c; cursor: not-allowed; }
.actions { display: flex; gap: 0.75rem; flex-wrap: wrap; align-items: center; margin-block: 1rem; }
.inline-form { display: flex; flex-wrap: wrap; gap: 0.5rem 0.75rem; align-items: flex-end; margin-block: 0.75rem; }
.inline-form .field { flex: 1 1 16rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.35rem 1.25rem; margin: 0.75rem 0; }
.facts dt { font-weight: 600; color: #4a535c; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin-block: 0.75rem; }
caption { text-align: start; font-weight: 700; padding-block-end: 0.4rem; }
th, td { text-align: start; padding: 0.45rem 0.6rem; border-block-end: 1px solid #d0d7de; vertical-align: top; }
th { background: #f6f8fa; }
.badge { display: inline-block; padding: 0.05rem 0.55rem; border-radius: 0.3rem; font-weight: 600; font-size: 0.95rem; }
.badge.good { background: #dafbe1; color: #116329; }
.badge.bad { background: #ffebe9; color: #a40e26; }
.badge.warn { background: #fff8c5; color: #6b4200; }
.badge.neutral { background: #eaeef2; color: #1b1f24; }
.notice { border-inline-start: 6px solid #0b5c4a; background: #eef7f4; padding: 0.25rem 1rem; margin-block: 1rem; }
.notice.warning { border-color: #a40e26; background: #fff4f4; }
.error-summary { border: 4px solid #a40e26; padding: 0.5rem 1rem; margin-block-end: 1rem; }
.error-summary h2 { margin-block-start: 0.25rem; }
.error-summary a { color: #a40e26; font-weight: 600; }
.error { color: #a40e26; font-weight: 600; }
.empty { color: #4a535c; }
.steps li { margin-block: 0.2rem; }
.steps li[aria-current="step"] { font-weight: 700; }
fieldset { border: 0; padding: 0; margin: 0 0 1rem; }
legend { font-weight: 700; font-size: 1.05rem; margin-block-end: 0.5rem; }
.radio { display: flex; gap: 0.75rem; align-items: center; border: 2px solid #d0d7de; border-radius: 0.5rem; padding: 0.6rem 0.9rem; margin-block: 0.5rem; max-width: 34rem; }
.radio:has(input:checked) { border-color: #0b5c4a; background: #eef7f4; }
.radio input { width: 1.3rem; height: 1.3rem; margin: 0; flex: none; accent-color: #0b5c4a; }
.radio label { margin: 0; }
.qr { display: grid; justify-items: center; text-align: center; gap: 0.25rem; }
.qr-image svg { width: 16rem; height: 16rem; display: block; }
input[readonly] { background: #f6f8fa; font-family: monospace; font-size: 0.9rem; }
code { font-size: 0.9rem; overflow-wrap: anywhere; background: #f6f8fa; padding: 0.05rem 0.3rem; border-radius: 0.2rem; }
.pagination { display: flex; gap: 1.5rem; margin-block: 1rem; }
.upload-form .field { margin-block: 1rem; }
input[type="file"] { font-size: 1rem; padding: 0.4rem; border: 2px dashed #4a535c; border-radius: 0.25rem; max-width: 100%; box-sizing: border-box; }
a.button { display: inline-block; padding: 0.55rem 1.15rem; border-radius: 0.4rem; background: #0b5c4a; color: #fff; font-weight: 600; text-decoration: none; }
a.button:visited { color: #fff; }
.document-code { border: 2px solid #0b5c4a; border-radius: 0.5rem; padding: 0.25rem 1rem; margin-block: 1rem; max-width: 24rem; }
.big-code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 2.2rem; font-weight: 700; letter-spacing: 0.3em; margin: 0.25rem 0; }
.page-preview { margin: 1rem 0; }
.page-preview canvas { display: block; max-inline-size: 100%; background: #fff; border: 1px solid #d0d7de; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.15); }
.page-preview:not([data-preview="shown"]) canvas { display: none; }
.page-preview[data-preview="failed"] figcaption, .page-preview[data-preview="mismatch"] figcaption { color: #a40e26; font-weight: 600; }
`;
