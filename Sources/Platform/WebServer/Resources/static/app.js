// Progressive enhancement only: every page works without this file.
// 1. The event form shows only the fields the chosen event type uses.
// 2. Print buttons print.
(function () {
  "use strict";
  function syncEventFields(form) {
    var type = form.querySelector("select[name=type]");
    if (!type) return;
    var apply = function () {
      form.querySelectorAll("[data-for]").forEach(function (el) {
        var shown = el.getAttribute("data-for").split(" ").indexOf(type.value) >= 0;
        el.hidden = !shown;
      });
    };
    type.addEventListener("change", apply);
    apply();
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("record-form");
    if (form) syncEventFields(form);
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
  });
})();
