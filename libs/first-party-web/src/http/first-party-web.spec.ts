import type { Request, Response } from 'express';
import { FirstPartyCookies } from './first-party-cookies';
import { FIRST_PARTY_FORM_LIMIT_BYTES, firstPartyFrontDoor } from './front-door';
import { fromOrigin } from './same-origin';
import { table } from '../pages/html';

const request = (headers: Record<string, string>, extra: Partial<Request> = {}) => ({ headers, method: 'GET', path: '/', ...extra }) as unknown as Request;

function recordingResponse() {
  const headers: Record<string, string> = {};
  const sent: { status?: number; body?: unknown; ended: boolean } = { ended: false };
  const res = {
    setHeader: (name: string, value: string) => void (headers[name] = value),
    status(code: number) {
      sent.status = code;
      return res;
    },
    type: () => res,
    send: (body: unknown) => void (sent.body = body),
    end: (body?: unknown) => {
      sent.body = body;
      sent.ended = true;
    },
  };
  return { res: res as unknown as Response, headers, sent };
}

describe('first-party web plumbing', () => {
  it('names the cookies as given over http, __Host- prefixed over https', () => {
    expect(new FirstPartyCookies('http://127.0.0.1:3000', { session: 'theqa_admin', login: 'theqa_admin_login' })).toMatchObject({ session: 'theqa_admin', login: 'theqa_admin_login' });
    expect(new FirstPartyCookies('https://theqa.example', { session: 'theqa_portal', login: 'theqa_portal_login' })).toMatchObject({ session: '__Host-theqa_portal', login: '__Host-theqa_portal_login' });
  });

  it('accepts a form from its own origin only (Origin first, else Referer)', () => {
    const origin = 'https://theqa.example';
    expect(fromOrigin(request({ origin }), origin)).toBe(true);
    expect(fromOrigin(request({ origin: 'https://evil.example', referer: `${origin}/portal` }), origin)).toBe(false);
    expect(fromOrigin(request({ referer: 'https://evil.example/x' }), origin)).toBe(false);
    expect(fromOrigin(request({ referer: 'not a url' }), origin)).toBe(false);
    expect(fromOrigin(request({}), origin)).toBe(true);
  });

  it('sends the security headers, serves its files, and refuses a form over the limit unread', () => {
    const door = firstPartyFrontDoor({ publicBaseUrl: 'https://theqa.example', assets: { '/assets/a.css': { type: 'text/css', body: 'b{}' } }, tooLargePage: () => 'too large', passes: (req) => req.path === '/upload' });
    const next = jest.fn();
    const css = recordingResponse();
    door(request({}, { path: '/assets/a.css' }), css.res, next);
    expect(css.headers).toMatchObject({ 'x-frame-options': 'DENY', 'content-type': 'text/css', 'cache-control': 'public, max-age=3600' });
    expect(css.headers['strict-transport-security']).toBeDefined();
    expect(css.sent.body).toBe('b{}');
    const big = recordingResponse();
    door(request({ 'content-length': String(FIRST_PARTY_FORM_LIMIT_BYTES + 1) }, { method: 'POST', path: '/form' }), big.res, next);
    expect(big.sent).toMatchObject({ status: 413, body: 'too large' });
    expect(big.headers).toMatchObject({ connection: 'close', 'cache-control': 'no-store' });
    expect(next).not.toHaveBeenCalled();
    door(request({ 'content-length': String(FIRST_PARTY_FORM_LIMIT_BYTES + 1) }, { method: 'POST', path: '/upload' }), recordingResponse().res, next);
    expect(next).toHaveBeenCalledTimes(1);
  });

  it('draws a table, its wrapper a named focusable region when asked', () => {
    const options = { caption: { ar: 'أ', en: 'Certificates' }, columns: [{ ar: 'ب', en: 'Serial' }], rows: [['<b>1</b>']], empty: { ar: 'لا', en: 'None' }, testId: 't' };
    expect(table('en', options)).toContain('<div class="table-wrap"><table data-testid="t">');
    expect(table('en', { ...options, focusable: true })).toContain('<div class="table-wrap" tabindex="0" role="region" aria-label="Certificates"><table data-testid="t">');
    expect(table('en', { ...options, rows: [] })).toBe('<p class="empty" data-testid="t">None</p>');
  });
});
