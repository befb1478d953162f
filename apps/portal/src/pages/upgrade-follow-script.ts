/** How often the upgrade's page reads where the journey stands. */
export const UPGRADE_FOLLOW_SECONDS = 4;

/**
 * The portal's one script (the issue allows script for the QR code's refresh only), served at
 * /portal/assets/upgrade-follow.js. On the upgrade's page it follows the journey in place: every few
 * seconds it reads the page again and puts the step and the QR code where they are shown (that read
 * renews a lapsed code), announcing a new step politely; once the upgrade has completed or ended, or
 * the session has, it loads the page that says so. Without script the page's "check now" link does
 * the same by hand.
 *
 * Not a meta refresh, which needs no script: it reloads the whole page every few seconds, and a screen
 * reader starts over each time (WCAG 2.2.1; axe-core's meta-refresh rule counts it a critical
 * violation). Kept in a module, as the stylesheet is, so that the compiled build carries it.
 */
export const UPGRADE_FOLLOW_SCRIPT = `'use strict';
(function () {
  var detail = document.getElementById('upgrade-detail');
  var said = document.getElementById('upgrade-next');
  if (!detail || !said || detail.getAttribute('data-status') !== 'open' || !window.fetch || !window.DOMParser) return;
  var url = detail.getAttribute('data-follow');
  var every = (Number(detail.getAttribute('data-every')) || ${UPGRADE_FOLLOW_SECONDS}) * 1000;
  function later(ms) { setTimeout(follow, ms); }
  function follow() {
    fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'text/html' } })
      .then(function (response) {
        // Gone or not theirs any more: the page as the server now serves it.
        if (response.status >= 400 && response.status < 500) return location.reload();
        if (!response.ok) return later(every * 2);
        return response.text().then(function (html) {
          var page = new DOMParser().parseFromString(html, 'text/html');
          var nextDetail = page.getElementById('upgrade-detail');
          var nextSaid = page.getElementById('upgrade-next');
          // Completed, ended, or the session over (the login page): that page, as a whole.
          if (!nextDetail || !nextSaid || nextDetail.getAttribute('data-status') !== 'open') return location.reload();
          if (nextSaid.textContent !== said.textContent) said.textContent = nextSaid.textContent;
          if (nextDetail.innerHTML !== detail.innerHTML) {
            detail.replaceChildren.apply(detail, Array.prototype.map.call(nextDetail.childNodes, function (node) { return document.importNode(node, true); }));
            detail.setAttribute('data-step', nextDetail.getAttribute('data-step') || '');
          }
          later(every);
        });
      })
      .catch(function () { later(every * 2); });
  }
  later(every);
})();
`;
