// The send report refreshes its counts while a send is going out, by polling its JSON every few
// seconds, and reloads once the send stops (to show failures and the right buttons).
(function () {
  "use strict";
  var root = document.getElementById("send-report");
  if (!root || root.dataset.active !== "true") {
    return;
  }
  var url = root.dataset.progressUrl;
  var INTERVAL_MS = 3000;

  function setText(selector, value) {
    root.querySelectorAll(selector).forEach(function (el) {
      el.textContent = String(value);
    });
  }

  function apply(progress) {
    setText('[data-field="state_label"]', progress.state_label);
    setText('[data-field="done"]', progress.done);
    setText('[data-field="recipients"]', progress.recipients);
    setText('[data-field="opened"]', progress.opened);
    setText('[data-field="clicked"]', progress.clicked);
    setText('[data-field="daily_limit"]', progress.daily_limit || "");
    root.querySelectorAll('[data-field="daily_limit"]').forEach(function (el) {
      el.hidden = !progress.daily_limit;
    });
    Object.keys(progress.counts).forEach(function (state) {
      setText('[data-count="' + state + '"]', progress.counts[state]);
    });
    var bar = document.getElementById("send-progress-bar");
    if (bar) {
      bar.max = Math.max(progress.recipients, 1);
      bar.value = progress.done;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("progress " + response.status);
        }
        return response.json();
      })
      .then(function (progress) {
        apply(progress);
        if (progress.active) {
          window.setTimeout(poll, INTERVAL_MS);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        // A dropped connection: try again later rather than give up on the page.
        window.setTimeout(poll, INTERVAL_MS * 3);
      });
  }

  window.setTimeout(poll, INTERVAL_MS);
})();
