/* Sort and filter the claims tables, offline. Reads only the page's own DOM; no network. */
(function () {
  "use strict";
  document.querySelectorAll("table.claims").forEach(function (table) {
    var tbody = table.tBodies[0];
    if (!tbody) { return; }
    var tools = document.createElement("div");
    tools.className = "table-tools";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "Filter these claims…";
    input.setAttribute("aria-label", "Filter claims");
    var shown = document.createElement("span");
    tools.appendChild(input);
    tools.appendChild(shown);
    table.parentNode.insertBefore(tools, table);
    function update() {
      var q = input.value.toLowerCase(), n = 0;
      Array.prototype.forEach.call(tbody.rows, function (row) {
        var hit = row.textContent.toLowerCase().indexOf(q) !== -1;
        row.hidden = !hit;
        if (hit) { n += 1; }
      });
      shown.textContent = n + " of " + tbody.rows.length + " shown";
    }
    input.addEventListener("input", update);
    update();
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      th.classList.add("sortable");
      th.title = "Sort";
      var asc = true;
      th.addEventListener("click", function () {
        var rows = Array.prototype.slice.call(tbody.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].getAttribute("data-sort") || a.cells[col].textContent;
          var y = b.cells[col].getAttribute("data-sort") || b.cells[col].textContent;
          return (asc ? 1 : -1) * x.localeCompare(y, undefined, { numeric: true });
        });
        asc = !asc;
        rows.forEach(function (r) { tbody.appendChild(r); });
      });
    });
  });
})();
