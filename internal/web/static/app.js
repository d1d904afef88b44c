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

// Import progress: poll the job while it runs, then show the outcome.
(function () {
  "use strict";
  var box = document.querySelector("[data-poll]");
  if (!box) return;
  var status = box.getAttribute("data-status");
  if (status !== "checking" && status !== "writing") return;
  var url = box.getAttribute("data-poll");
  var bar = box.querySelector(".bar");
  function tick() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (j) {
        if (j.status !== status) { window.location.reload(); return; }
        var state = document.getElementById("import-state");
        if (j.status === "writing" && j.total > 0) {
          if (bar) { bar.classList.remove("indeterminate"); bar.style.width = Math.round(100 * j.done / j.total) + "%"; }
          if (state) state.textContent = state.textContent.replace(/[0-9]+ \/ [0-9]+/, j.done + " / " + j.total);
        } else if (state) {
          state.textContent = state.textContent.replace(/[0-9]+/, String(j.total));
        }
        setTimeout(tick, 800);
      })
      .catch(function () { setTimeout(tick, 3000); });
  }
  setTimeout(tick, 500);
})();

// Print buttons.
document.addEventListener("click", function (e) {
  if (e.target.closest("[data-print]")) window.print();
});
