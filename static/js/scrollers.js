// A table wider than a phone's screen scrolls within itself (portal.css). When it holds nothing a
// keyboard can reach, it becomes focusable itself, so the arrow keys can scroll it in every
// browser (WCAG 2.1.1). Without this script the table still scrolls by touch and pointer.
(function () {
  "use strict";

  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

  function mark() {
    document.querySelectorAll("main table").forEach(function (table) {
      var scrolls = table.scrollWidth > table.clientWidth + 1;
      if (scrolls && !table.hasAttribute("tabindex") && !table.querySelector(FOCUSABLE)) {
        table.setAttribute("tabindex", "0");
        table.setAttribute("data-scroller", "");
      } else if (!scrolls && table.hasAttribute("data-scroller")) {
        table.removeAttribute("tabindex");
        table.removeAttribute("data-scroller");
      }
    });
  }

  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(mark, 150);
  });
  mark();
})();
