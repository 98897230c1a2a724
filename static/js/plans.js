// Small enhancements of the plan editor; every form works without them.
(function () {
  "use strict";

  // Ask before leaving a form with unsaved changes.
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    var changed = false;
    form.addEventListener("input", function () { changed = true; });
    form.addEventListener("change", function () { changed = true; });
    form.addEventListener("submit", function () { changed = false; });
    window.addEventListener("beforeunload", function (event) {
      if (changed) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  });

  // Show "what partners could bring" only for projects that seek partners.
  var seeking = document.getElementById("id_seeking_partners");
  var needs = document.getElementById("id_partnership_needs");
  if (seeking && needs) {
    var field = needs.closest(".field");
    var sync = function () {
      field.hidden = !seeking.checked && needs.value.trim() === "";
    };
    seeking.addEventListener("change", sync);
    sync();
  }

  // Another blank row of an indicator's split, without saving first (the formset's empty form).
  var addPart = document.querySelector("[data-add-part]");
  var partTemplate = document.getElementById("part-row-template");
  var partCount = document.getElementById("id_parts-TOTAL_FORMS");
  if (addPart && partTemplate && partCount) {
    addPart.hidden = false;
    addPart.addEventListener("click", function () {
      var index = parseInt(partCount.value, 10);
      var html = partTemplate.innerHTML
        .replace(/__prefix__/g, String(index))
        .replace(/__number__/g, String(index + 1));
      document.querySelector(".part-rows").insertAdjacentHTML("beforeend", html);
      partCount.value = String(index + 1);
      document.getElementById("id_parts-" + index + "-year").focus();
    });
  }
})();
