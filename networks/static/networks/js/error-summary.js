// Move focus to the error summary so keyboard and screen-reader users land on it after a failed
// submit; its links then take them to each field.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});
