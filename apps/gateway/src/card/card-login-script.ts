import { WEB_EID_EXTENSION_MESSAGING } from '@theqa/web-eid/extension-messaging';

/**
 * The login page's one script, served at /login-assets/card-login.js (a module, as the stylesheet, so
 * that dist/ carries it). It speaks the Web eID extension's window.postMessage protocol, as web-eid.js
 * does: `web-eid:status` to find the extension, then `web-eid:authenticate` with the server's challenge
 * nonce; each request is acknowledged (`…-ack`), then answered (`…-success` / `…-failure`). The token
 * goes to the gateway by fetch (same origin: the Origin header is sent, and checked).
 */
export const CARD_LOGIN_SCRIPT = `'use strict';
(function () {
  var section = document.querySelector('[data-card-login]');
  if (!section) return;
  var base = section.getAttribute('data-base');
  var lang = document.documentElement.lang === 'en' ? 'en' : 'ar';
  var button = section.querySelector('[data-card-start]');
  var unavailable = section.querySelector('[data-card-unavailable]');
  var busy = section.querySelector('[data-card-busy]');
  var failure = section.querySelector('[data-card-failure]');
${WEB_EID_EXTENSION_MESSAGING}
  function show(element, visible) { if (element) element.hidden = !visible; }

  function fail(error) {
    show(busy, false);
    button.disabled = false;
    var code = error && typeof error.code === 'string' ? error.code : '';
    if (code === 'ERR_THEQA_SERVER') {
      // The gateway's refusal (too many attempts, a page out of date), not the card's.
      failure.textContent = failure.getAttribute('data-server-failed');
    } else {
      var text = code === 'ERR_WEBEID_USER_CANCELLED' ? failure.getAttribute('data-cancelled') : failure.getAttribute('data-failed');
      failure.textContent = text + (error && typeof error.message === 'string' && error.message ? ' (' + error.message + ')' : '');
    }
    show(failure, true);
  }

  function post(path, body) {
    return fetch(base + path, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) })
      .then(function (response) {
        if (!response.ok) throw { code: 'ERR_THEQA_SERVER', status: response.status };
        return response.json();
      });
  }

  button.addEventListener('click', function () {
    button.disabled = true;
    show(failure, false);
    show(busy, true);
    post('/card/challenge', {})
      .then(function (challenge) {
        return ask('web-eid:authenticate', { challengeNonce: challenge.challengeNonce, options: { lang: lang } }, 2000, 240000).then(function (answer) {
          var token = { unverifiedCertificate: answer.unverifiedCertificate, algorithm: answer.algorithm, signature: answer.signature, format: answer.format, appVersion: answer.appVersion };
          return post('/card', { token: token, challengeNonce: challenge.challengeNonce });
        });
      })
      .then(function (next) { window.location.assign(next.location); })
      .catch(fail);
  });

  ask('web-eid:status', {}, 2000, 10000).then(function () {
    show(unavailable, false);
    show(button, true);
  }, function () { /* No extension or no native app: the page keeps saying so, and QR and push remain. */ });
})();
`;
