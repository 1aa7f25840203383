// Live count on the segment edit form: posts the unsaved form to the count endpoint whenever a
// rule changes and shows who the segment reaches. A static file (no inline script: CSP).
(function () {
  "use strict";
  var TOPICS = { newsletter: "newsletter", updates: "updates and alerts", events: "event invitations" };

  function init() {
    var box = document.querySelector("[data-segment-count]");
    if (!box) return;
    var form = box.closest("form");
    if (!form) return;
    var members = box.querySelector("[data-segment-members]");
    var topics = box.querySelector("[data-segment-topics]");
    var timer = null;
    var latest = 0;

    function refresh() {
      var ticket = ++latest;
      var data = new FormData(form);
      var token = form.querySelector("input[name=csrfmiddlewaretoken]");
      fetch(box.dataset.url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.value : "" },
      })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (counts) {
          if (ticket !== latest) return; // an older answer arriving late
          members.textContent = counts.members;
          topics.textContent =
            "Would receive: " +
            Object.keys(counts.by_topic)
              .map(function (t) { return counts.by_topic[t] + " " + (TOPICS[t] || t); })
              .join(", ") +
            " (subscribed, not suppressed, not erased).";
        })
        .catch(function () {
          topics.textContent = "The count could not be updated.";
        });
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    }

    form.addEventListener("change", schedule);
    form.addEventListener("input", schedule);
    refresh();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
