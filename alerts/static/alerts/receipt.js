// Ask before leaving the receipt page until the person says they kept their code.
(function () {
  "use strict";
  var box = document.getElementById("receipt-kept");
  if (!box) { return; }
  function warn(event) {
    event.preventDefault();
    event.returnValue = "";
  }
  window.addEventListener("beforeunload", warn);
  box.addEventListener("change", function () {
    if (box.checked) { window.removeEventListener("beforeunload", warn); }
    else { window.addEventListener("beforeunload", warn); }
  });
  // Leaving through our own forms (email me a link) is fine: the page stays in history.
  document.querySelectorAll("form[method='post']").forEach(function (form) {
    form.addEventListener("submit", function () { window.removeEventListener("beforeunload", warn); });
  });
})();
