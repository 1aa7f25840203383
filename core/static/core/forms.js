// The public forms' error summary (core/templates/core/forms/error_summary.html). Loaded as a
// file: the public pages' Content-Security-Policy allows no inline script.
// After a failed submit, focus moves to the summary so keyboard and screen-reader users land on
// it (the `autofocus` attribute is not honoured on every element or after a fragment). Its links
// then focus the field concerned: a fragment link alone only scrolls, and may hide the label
// under the top of the window. Without JavaScript the summary still stands first with its links.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    field.scrollIntoView({ block: "center" });
    field.focus();
  });
});
