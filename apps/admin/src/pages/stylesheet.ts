import { baseStylesheet } from '@theqa/first-party-web';

/**
 * The console's stylesheet, served at /admin/assets/admin.css (a module, so that the build carries it).
 * Logical properties, so that right-to-left and left-to-right both lay out; focus always visible;
 * colours meet WCAG AA. Its own colour, so that nobody mistakes the console for the portal.
 */
export const ADMIN_STYLESHEET = `${baseStylesheet({ page: '#f3f4f7', brand: '#1d2b4f', navBackground: '#e4e8f1', navBorder: '#c3cad9', navText: '#15213d', width: '68rem' })}
label { display: block; font-weight: 600; margin-block-end: 0.25rem; }
input[type="text"] { font-size: 1rem; padding: 0.4rem; width: 100%; max-width: 20rem; box-sizing: border-box; border: 2px solid #1b1f24; border-radius: 0.25rem; }
button { font-size: 1rem; padding: 0.5rem 1.1rem; border-radius: 0.4rem; border: 0; background: #1d2b4f; color: #fff; cursor: pointer; font-family: inherit; }
button.danger { background: #a40e26; }
.actions { display: flex; gap: 0.5rem; flex-wrap: wrap; align-items: flex-end; }
.actions form { margin: 0; display: flex; gap: 0.5rem; align-items: flex-end; flex-wrap: wrap; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.35rem 1.25rem; margin: 0.75rem 0; }
.facts dt { font-weight: 600; color: #4a535c; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin-block: 0.75rem; }
caption { text-align: start; font-weight: 700; padding-block-end: 0.4rem; }
th, td { text-align: start; padding: 0.45rem 0.6rem; border-block-end: 1px solid #d0d7de; vertical-align: top; }
th { background: #f6f8fa; }
.badge { display: inline-block; padding: 0.05rem 0.55rem; border-radius: 0.3rem; font-weight: 600; font-size: 0.95rem; background: #eaeef2; color: #1b1f24; }
.badge.good { background: #dafbe1; color: #116329; }
.badge.bad { background: #ffebe9; color: #a40e26; }
.badge.warn { background: #fff8c5; color: #6b4200; }
.notice { border-inline-start: 6px solid #1d2b4f; background: #eef1f8; padding: 0.25rem 1rem; margin-block: 1rem; }
.notice.warning { border-color: #a40e26; background: #fff4f4; }
.error { color: #a40e26; font-weight: 600; }
.empty { color: #4a535c; }
.details { margin: 0; padding-inline-start: 1.1rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
textarea { font-size: 0.95rem; padding: 0.4rem; width: 100%; max-width: 40rem; box-sizing: border-box; border: 2px solid #1b1f24; border-radius: 0.25rem; font-family: ui-monospace, monospace; }
textarea:focus-visible, input[type="checkbox"]:focus-visible, input[type="radio"]:focus-visible { outline: 3px solid #ffbf47; outline-offset: 0; box-shadow: 0 0 0 6px #0b0c0c; }
[aria-invalid="true"] { border-color: #a40e26; }
.field { margin-block: 0 1rem; }
.hint { margin: 0 0 0.25rem; color: #4a535c; font-size: 0.95rem; }
.field-error { border-inline-start: 4px solid #a40e26; padding-inline-start: 0.6rem; margin-block: 0.25rem; color: #a40e26; font-weight: 600; }
.field-error p { margin: 0.1rem 0; }
[dir="rtl"] .field-error p[dir="ltr"] { text-align: right; }
fieldset { border: 1px solid #c3cad9; border-radius: 0.4rem; margin-block: 0 1rem; padding: 0.5rem 1rem 0.75rem; }
legend { font-weight: 700; padding-inline: 0.25rem; }
.choices { list-style: none; margin: 0.25rem 0; padding: 0; }
.choices.columns { columns: 16rem auto; }
.choices li { display: flex; gap: 0.4rem; align-items: baseline; margin-block: 0.2rem; break-inside: avoid; }
.choices label { display: inline; font-weight: 400; margin: 0; }
.claim-name { color: #4a535c; font-size: 0.85rem; }
.secret code { font-size: 1rem; }
select, input[type="date"] { font-size: 1rem; padding: 0.35rem; border: 2px solid #1b1f24; border-radius: 0.25rem; background: #fff; font-family: inherit; }
select:focus-visible { outline: 3px solid #ffbf47; outline-offset: 0; box-shadow: 0 0 0 6px #0b0c0c; }
.fields { display: flex; flex-wrap: wrap; gap: 0.75rem 1.25rem; margin-block-end: 0.75rem; }
.warnings { padding-inline-start: 1.25rem; }
code { font-size: 0.9rem; overflow-wrap: anywhere; background: #f6f8fa; padding: 0.05rem 0.3rem; border-radius: 0.2rem; }
input[type="date"], input[type="datetime-local"] { font-size: 1rem; padding: 0.35rem; border: 2px solid #1b1f24; border-radius: 0.25rem; font-family: inherit; }
.audit-form, .range-form { display: flex; flex-wrap: wrap; gap: 0.75rem 1.25rem; align-items: flex-end; margin-block: 0.75rem; }
.audit-form .field, .range-form .field { display: flex; flex-direction: column; }
.hint { color: #4a535c; font-size: 0.9rem; }
[aria-invalid="true"] { border-color: #a40e26; }
pre { background: #f6f8fa; padding: 0.75rem; overflow-x: auto; border-radius: 0.25rem; }
.findings small { color: #4a535c; }
figure.chart { margin: 1.25rem 0; padding-block-end: 0.75rem; border-block-end: 1px solid #d0d7de; }
.chart-picture svg { max-width: 100%; height: auto; }
.per-party { margin-block: 0.5rem; }
.audit-results td { overflow-wrap: anywhere; }
`;
