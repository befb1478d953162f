import { WEB_EID_EXTENSION_MESSAGING } from '@theqa/web-eid/extension-messaging';

/**
 * The script of the card's signing page, served at /portal/assets/card-sign.js: it speaks the Web eID
 * extension's window.postMessage protocol, as web-eid.js does — `web-eid:status` to find the extension,
 * `web-eid:get-signing-certificate` for the card's signing certificate, `web-eid:sign` with the hash the
 * portal prepared for it (the card app asks for PIN2); each request is acknowledged (`…-ack`), then
 * answered (`…-success` / `…-failure`). The certificate and the signature go to the portal by fetch
 * (same origin, the session's form token in the body); the portal's answer says where the page goes
 * next. A refusal of the card (a wrong PIN2, cancelled) is told on the page: nothing was signed.
 */
export const CARD_SIGN_SCRIPT = `'use strict';
(function () {
  var section = document.querySelector('[data-card-sign]');
  if (!section) return;
  var base = section.getAttribute('data-base');
  var csrf = section.getAttribute('data-csrf');
  var lang = document.documentElement.lang === 'en' ? 'en' : 'ar';
  var button = section.querySelector('[data-card-start]');
  var unavailable = section.querySelector('[data-card-unavailable]');
  var busy = section.querySelector('[data-card-busy]');
  var failure = section.querySelector('[data-card-failure]');
${WEB_EID_EXTENSION_MESSAGING}
  function show(element, visible) { if (element) element.hidden = !visible; }

  function fail(error) {
    if (error && error.location) return window.location.assign(error.location);
    show(busy, false);
    button.disabled = false;
    var code = error && typeof error.code === 'string' ? error.code : '';
    var text = code === 'ERR_WEBEID_USER_CANCELLED' ? failure.getAttribute('data-cancelled') : failure.getAttribute('data-failed');
    failure.textContent = text + (error && typeof error.message === 'string' && error.message ? ' (' + error.message + ')' : '');
    show(failure, true);
  }

  function post(path, body) {
    body.csrf = csrf;
    return fetch(base + path, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (answer) {
          if (answer && answer.location) throw { location: answer.location };
          if (!response.ok) throw { code: 'ERR_THEQA_SERVER', message: String(response.status) };
          return answer;
        });
      });
  }

  button.addEventListener('click', function () {
    button.disabled = true;
    show(failure, false);
    show(busy, true);
    ask('web-eid:get-signing-certificate', { options: { lang: lang } }, 2000, 240000)
      .then(function (card) {
        return post('/certificate', { certificate: card.certificate }).then(function (prepared) {
          return ask('web-eid:sign', { certificate: card.certificate, hash: prepared.hash, hashFunction: prepared.hashFunction, options: { lang: lang } }, 2000, 240000);
        });
      })
      .then(function (signed) { return post('/signature', { signature: signed.signature, signatureAlgorithm: signed.signatureAlgorithm }); })
      .then(function (next) { window.location.assign(next.location || base); })
      .catch(fail);
  });

  ask('web-eid:status', {}, 2000, 10000).then(function () {
    show(unavailable, false);
    show(button, true);
  }, function () { /* No extension or no native app: the page keeps saying so. */ });
})();
`;
