// Phones: wide tables read as stacked cards (static/css/phone.css). Each body cell gets its
// column's header text as `data-label`, and the table the class `table-stack`; the CSS applies
// only below 576 px, so desktops see the same tables. Tables of fewer than three columns, and
// those marked `data-no-stack`, stay tables. Also run after htmx swaps new rows in.
(function () {
  "use strict";
  function headerNames(table) {
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!head) return null;
    var names = [];
    for (var i = 0; i < head.cells.length; i++) {
      var cell = head.cells[i];
      var text = (cell.getAttribute("aria-label") || cell.textContent || "").replace(/\s+/g, " ").trim();
      for (var span = 0; span < (cell.colSpan || 1); span++) names.push(text);
    }
    return names;
  }
  function stack(table) {
    if (table.hasAttribute("data-no-stack")) return;
    var names = headerNames(table);
    if (!names || names.length < 3) return;
    var bodies = Array.prototype.slice.call(table.tBodies).concat(table.tFoot ? [table.tFoot] : []);
    bodies.forEach(function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", cell.colSpan > 1 ? "" : names[column] || "");
          }
          column += cell.colSpan || 1;
        });
      });
    });
    table.classList.add("table-stack");
  }
  function stackAll() {
    document.querySelectorAll("main table").forEach(stack);
  }
  stackAll();
  document.addEventListener("htmx:afterSettle", stackAll);
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-figures-toggle]");
    if (!toggle) return;
    var figures = document.getElementById(toggle.getAttribute("data-figures-toggle"));
    var shown = figures.classList.toggle("show-all");
    toggle.setAttribute("aria-expanded", shown ? "true" : "false");
  });
})();
