// Filters the findings table. Reads data only from the DOM and the JSON
// block, and writes only through textContent, so data never becomes markup.
(function () {
  "use strict";
  var data = {};
  try {
    data = JSON.parse(document.getElementById("vpclint-data").textContent);
  } catch (e) {
    data = {};
  }
  var rows = Array.prototype.slice.call(document.querySelectorAll("#findings tr.finding-row"));
  var sev = document.getElementById("filter-severity");
  var cat = document.getElementById("filter-category");
  var search = document.getElementById("search");
  var shown = document.getElementById("shown-count");
  document.getElementById("data-count").textContent = String(data.open !== undefined ? data.open : rows.length);

  function apply() {
    var s = sev.value, c = cat.value, q = search.value.trim().toLowerCase();
    var n = 0;
    rows.forEach(function (row) {
      var ok = (!s || row.dataset.severity === s) &&
        (!c || row.dataset.category === c) &&
        (!q || (row.dataset.search || "").indexOf(q) !== -1);
      row.classList.toggle("hidden", !ok);
      if (ok) { n++; }
    });
    shown.textContent = String(n);
  }
  sev.addEventListener("change", apply);
  cat.addEventListener("change", apply);
  search.addEventListener("input", apply);
  // Printing shows every finding's details.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  apply();
  document.body.dataset.ready = "1";
}());
