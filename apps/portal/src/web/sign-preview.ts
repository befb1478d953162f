import { pdfjsLocationUnder, renderFirstPage } from '@theqa/pdf-preview/browser';

/**
 * The review page's script (served from 'self' as /portal/assets/sign-preview.js; the page is whole
 * without it): the uploaded PDF's first page drawn by pdf.js into the page's canvas, after checking
 * the file received is the one whose fingerprint the page shows; and, while the THEQA app's answer is
 * awaited, the status section refreshed in place (a polite live region) instead of the page reloading.
 */
const PDFJS = pdfjsLocationUnder('/portal/assets');
const POLL_MS = 4000;
/** As long as the page without script refreshes itself (REFRESH_ROUNDS × REFRESH_SECONDS). */
const POLL_FOR_MS = 10 * 60_000;

const waiting = (status: string | undefined) => status === 'pending' || status === 'completing';

function hex(digest: ArrayBuffer): string {
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function drawFirstPage(): Promise<void> {
  const canvas = document.getElementById('preview') as HTMLCanvasElement | null;
  const figure = document.getElementById('preview-figure');
  const caption = document.getElementById('preview-caption');
  if (!canvas || !figure || !caption || !canvas.dataset.document) return;
  figure.dataset.preview = 'loading';
  try {
    const response = await fetch(canvas.dataset.document, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`the document answered ${response.status}`);
    const pdf = new Uint8Array(await response.arrayBuffer());
    // Web Crypto exists in secure contexts only (https, or the loopback in development).
    if (crypto.subtle && hex(await crypto.subtle.digest('SHA-256', pdf)) !== canvas.dataset.sha256) {
      figure.dataset.preview = 'mismatch';
      caption.textContent = figure.dataset.captionMismatch ?? '';
      return;
    }
    const width = Math.min(figure.clientWidth || 480, 560);
    const rendered = await renderFirstPage(pdf, canvas, width, PDFJS);
    const pages = new Intl.NumberFormat(document.documentElement.lang === 'ar' ? 'ar-OM' : 'en-GB').format(rendered.pages);
    caption.textContent = (figure.dataset.captionShown ?? '').replace('{n}', pages);
    figure.dataset.preview = 'shown';
  } catch (error) {
    console.warn('the first page could not be drawn', error);
    figure.dataset.preview = 'failed';
    caption.textContent = figure.dataset.captionFailed ?? '';
  }
}

/** The status section as the server renders it now, put in place of the shown one when it changed. */
function followStatus(): void {
  const section = document.getElementById('status');
  if (!section || !waiting(section.dataset.status)) return;
  const until = Date.now() + POLL_FOR_MS;
  const timer = setInterval(async () => {
    if (Date.now() > until) return clearInterval(timer);
    try {
      const response = await fetch(location.pathname, { credentials: 'same-origin', headers: { accept: 'text/html' } });
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), 'text/html').getElementById('status');
      // No status section: the session ended (the login page answered); the next visit says so.
      if (!fresh) return clearInterval(timer);
      if (fresh.dataset.status !== section.dataset.status) {
        section.innerHTML = fresh.innerHTML;
        section.dataset.status = fresh.dataset.status;
      }
      if (!waiting(fresh.dataset.status)) clearInterval(timer);
    } catch {
      // A network blip: the next round tries again.
    }
  }, POLL_MS);
}

void drawFirstPage();
followStatus();
