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
  // The team picker: a person ticked (or made head) among the search results joins the chosen list,
  // so that the next search does not take them away; one already chosen is not added twice.
  document.addEventListener("change", function (event) {
    const target = event.target;
    const row = target.closest && target.closest("#team-results [data-testid=person]");
    const picked = document.getElementById("team-picked");
    if (!row || !picked || !target.checked) {
      return;
    }
    const box = row.querySelector("input[name=people]");
    box.checked = true;
    const already = Array.from(picked.querySelectorAll("input[name=people]")).some(function (other) {
      return other.value === box.value;
    });
    if (already) {
      picked.querySelector("input[name=people][value='" + box.value + "']").checked = true;
      if (target.name === "head_pick") {
        picked.querySelector("input[name=head_pick][value='" + box.value + "']").checked = true;
      }
      row.remove();
    } else {
      picked.appendChild(row);
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
  // Workspace tabs: open the tab named in the address (#tab-findings) or by the server (data-active).
  document.querySelectorAll("[data-tabs]").forEach(function (list) {
    const wanted = (window.location.hash.indexOf("#tab-") === 0 ? window.location.hash.slice(1) : "") ||
      (list.dataset.active ? "tab-" + list.dataset.active : "");
    const button = wanted && list.querySelector("[data-bs-target='#" + wanted + "']");
    if (button && window.bootstrap) {
      window.bootstrap.Tab.getOrCreateInstance(button).show();
    }
    list.addEventListener("shown.bs.tab", function (event) {
      history.replaceState(null, "", event.target.dataset.bsTarget);
    });
  });
  // <input data-filter-for="id">: hides the options of that select whose text does not hold what is typed
  // (diacritics ignored: "cu chi" finds "Củ Chi").
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  document.querySelectorAll("input[data-filter-for]").forEach(function (input) {
    const select = document.getElementById(input.dataset.filterFor);
    input.addEventListener("input", function () {
      const words = fold(input.value).split(/\s+/).filter(Boolean);
      Array.from(select.options).forEach(function (option) {
        const text = fold(option.text);
        option.hidden = !words.every(function (word) { return text.indexOf(word) >= 0; });
      });
    });
  });
})();
