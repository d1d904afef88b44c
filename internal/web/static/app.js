// Troika's small page script: no framework, no inline handlers (the CSP
// forbids inline script), only progressive enhancements.
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    var t = e.target.closest("[data-toggle]");
    if (t) {
      var el = document.getElementById(t.getAttribute("data-toggle"));
      if (el) el.classList.toggle("open");
      return;
    }
    var c = e.target.closest("[data-confirm]");
    if (c && !window.confirm(c.getAttribute("data-confirm"))) {
      e.preventDefault();
    }
  });
  // Tree nodes: expand and collapse children without a round trip.
  document.addEventListener("click", function (e) {
    var b = e.target.closest(".tree-twist");
    if (!b) return;
    var li = b.closest("li");
    if (li) {
      li.classList.toggle("collapsed");
      b.setAttribute("aria-expanded", li.classList.contains("collapsed") ? "false" : "true");
    }
  });
  // Auto-submit filter selects.
  document.addEventListener("change", function (e) {
    if (e.target.matches("form.filters select")) e.target.form.submit();
  });
})();
