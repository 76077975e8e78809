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
  // The compliance filter exists only when some finding maps to a framework.
  var fw = document.getElementById("filter-framework") || {value: "", addEventListener: function () {}};
  var shown = document.getElementById("shown-count");
  document.getElementById("data-count").textContent = String(data.open !== undefined ? data.open : rows.length);

  // The topology picture's badges and paths filter the table to the
  // findings drawn on one element (data-filter on the badge, data-el on
  // the rows, both space-free keys).
  var topoKey = "";
  var topoBox = document.getElementById("topo-filter");
  var topoLabel = document.getElementById("topo-filter-key");

  function onElement(row) {
    return (" " + (row.dataset.el || "") + " ").indexOf(" " + topoKey + " ") !== -1;
  }

  function apply() {
    var s = sev.value, c = cat.value, f = fw.value, q = search.value.trim().toLowerCase();
    var n = 0;
    rows.forEach(function (row) {
      var ok = (!s || row.dataset.severity === s) &&
        (!c || row.dataset.category === c) &&
        (!f || (" " + (row.dataset.frameworks || "") + " ").indexOf(" " + f + " ") !== -1) &&
        (!q || (row.dataset.search || "").indexOf(q) !== -1) &&
        (!topoKey || onElement(row));
      row.classList.toggle("hidden", !ok);
      if (ok) { n++; }
    });
    shown.textContent = String(n);
  }
  function filterTo(key) {
    topoKey = key;
    topoBox.hidden = !key;
    topoLabel.textContent = key.replace(/^t[0-9]+:/, "");
    document.querySelectorAll("[data-filter]").forEach(function (el) {
      el.classList.toggle("selected", !!key && el.dataset.filter === key);
    });
    apply();
  }
  document.querySelectorAll("[data-filter]").forEach(function (el) {
    el.addEventListener("click", function () {
      filterTo(el.dataset.filter);
      document.getElementById("findings-section").scrollIntoView();
    });
    el.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        filterTo(el.dataset.filter);
      }
    });
  });
  document.getElementById("topo-filter-clear").addEventListener("click", function () { filterTo(""); });
  sev.addEventListener("change", apply);
  cat.addEventListener("change", apply);
  fw.addEventListener("change", apply);
  search.addEventListener("input", apply);
  // Printing shows every finding's details.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  apply();
  document.body.dataset.ready = "1";
}());
