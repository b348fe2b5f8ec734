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
  // <form data-dropzone>: files dropped anywhere on the form join its (multiple) file input.
  document.querySelectorAll("form[data-dropzone]").forEach(function (form) {
    const input = form.querySelector("input[type=file]");
    if (!input) {
      return;
    }
    ["dragenter", "dragover"].forEach(function (name) {
      form.addEventListener(name, function (event) { event.preventDefault(); form.classList.add("dragover"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      form.addEventListener(name, function () { form.classList.remove("dragover"); });
    });
    form.addEventListener("drop", function (event) {
      event.preventDefault();
      const files = new DataTransfer();
      Array.from(input.files).forEach(function (file) { files.items.add(file); });
      Array.from(event.dataTransfer.files).forEach(function (file) { files.items.add(file); });
      input.files = files.files;
    });
  });
  // <button data-confirm="…">: asks before submitting its form.
  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
