/**
 * The browser side of the Web eID extension's window.postMessage protocol, as web-eid.js speaks it, for
 * the platform's pages to embed in their own scripts (the gateway's card login, the portal's card
 * signing): `ask(action, message, ackMillis, answerMillis)` posts `{action, …}` to the page's own
 * window and resolves with the extension's `…-success` answer, or rejects with its `…-failure` error
 * (`ERR_WEBEID_EXTENSION_UNAVAILABLE` when no `…-ack` comes in time, `ERR_WEBEID_ACTION_TIMEOUT` when no
 * answer does). Only messages from this window and this origin are read. ES5, no globals: the text is
 * placed inside the embedding script's own function.
 */
export const WEB_EID_EXTENSION_MESSAGING = `  var waiting = {};

  window.addEventListener('message', function (event) {
    if (event.source !== window || event.origin !== window.location.origin) return;
    var data = event.data;
    if (!data || typeof data.action !== 'string') return;
    var handler = waiting[data.action.replace(/-(ack|success|failure)$/, '')];
    if (handler) handler(data);
  });

  function ask(action, message, ackMillis, answerMillis) {
    return new Promise(function (resolve, reject) {
      var acked = false;
      var ackTimer = setTimeout(function () { if (!acked) finish(reject, { code: 'ERR_WEBEID_EXTENSION_UNAVAILABLE' }); }, ackMillis);
      var answerTimer = setTimeout(function () { finish(reject, { code: 'ERR_WEBEID_ACTION_TIMEOUT' }); }, answerMillis);
      function finish(settle, value) { clearTimeout(ackTimer); clearTimeout(answerTimer); delete waiting[action]; settle(value); }
      waiting[action] = function (data) {
        if (data.action === action + '-ack') { acked = true; return; }
        if (data.action === action + '-success') return finish(resolve, data);
        if (data.action === action + '-failure') return finish(reject, data.error || { code: 'ERR_WEBEID_UNKNOWN_ERROR' });
      };
      message.action = action;
      window.postMessage(message, window.location.origin);
    });
  }
`;
