// Behaviour shared by every page. No inline scripts or handlers anywhere: the
// Content-Security-Policy allows scripts from our own origin only.
(function () {
  "use strict";
  // <select data-autosubmit> submits its form when the choice changes.
  document.addEventListener("change", function (event) {
    const target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
      target.form.submit();
    }
  });
})();
