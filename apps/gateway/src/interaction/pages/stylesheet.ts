/**
 * The login pages' stylesheet, served at /login-assets/gateway.css. Kept in a module rather than a
 * file beside the code so that the compiled build (dist/) carries it without a copy step.
 */
export const GATEWAY_STYLESHEET = `/* The login pages: plain, large, readable on a phone; logical properties so RTL and LTR both work. */
body { font-family: "Noto Naskh Arabic", "Segoe UI", Tahoma, sans-serif; margin: 0; background: #f4f6f8; color: #1b1f24; line-height: 1.6; }
.brand { background: #0b5c4a; color: #fff; padding: 0.75rem 1.25rem; display: flex; justify-content: space-between; align-items: center; }
.brand .logo { font-weight: 700; font-size: 1.3rem; }
.brand .lang { color: #fff; }
main { max-width: 40rem; margin: 1.5rem auto; background: #fff; padding: 1.5rem; border-radius: 0.5rem; box-shadow: 0 1px 3px rgba(0,0,0,0.1); }
h1 { font-size: 1.5rem; margin-block-start: 0; }
h2 { font-size: 1.15rem; }
.choices { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); margin-block: 1rem; }
.choice { border: 1px solid #d0d7de; border-radius: 0.5rem; padding: 1rem; }
/* Asked for by name (the portal's "log in with the ID card" ends its URL with #card): the card choice comes first. */
.choice:target { order: -1; border: 2px solid #0b5c4a; }
label { display: block; margin-block-end: 0.5rem; }
input { font-size: 1.2rem; padding: 0.5rem; width: 100%; box-sizing: border-box; margin-block-end: 0.75rem; }
button { font-size: 1rem; padding: 0.6rem 1.2rem; border-radius: 0.4rem; border: 0; background: #0b5c4a; color: #fff; cursor: pointer; }
button.secondary { background: #e6e9ec; color: #1b1f24; }
.actions { display: flex; gap: 0.75rem; flex-wrap: wrap; }
.error { color: #a40e26; font-weight: 600; }
.detail { font-size: 0.9rem; color: #57606a; }
.qr-image svg { width: 16rem; height: 16rem; display: block; margin-inline: auto; }
.code .digits { font-size: 3.5rem; font-weight: 700; text-align: center; letter-spacing: 0.3rem; margin: 0.5rem 0; }
.attributes li { padding-block: 0.2rem; }
/* Reports (the signature validation page): facts as label and value side by side, the verdict as a badge. */
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.35rem 1.25rem; margin: 0.75rem 0; }
.facts dt { font-weight: 600; color: #57606a; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.verdict { display: inline-block; font-size: 1.25rem; padding: 0.35rem 1rem; border-radius: 0.4rem; }
.total_passed .verdict-label, .verdict.total_passed { background: #dafbe1; color: #116329; }
.indeterminate .verdict-label, .verdict.indeterminate { background: #fff8c5; color: #7d4e00; }
.total_failed .verdict-label, .verdict.total_failed { background: #ffebe9; color: #a40e26; }
.verdict-label { padding: 0.1rem 0.6rem; border-radius: 0.3rem; }
section.signature { border-block-start: 1px solid #d0d7de; margin-block-start: 1.25rem; padding-block-start: 0.5rem; }
code { font-size: 0.85rem; overflow-wrap: anywhere; }
`;
