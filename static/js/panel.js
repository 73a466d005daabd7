/* Fornex Panel behaviour. No inline scripts anywhere: the Content-Security-Policy forbids them. */
(function () {
  "use strict";

  // Polling fragments (hx-trigger="every 2s" with data-poll) only ask while the tab is visible.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    if (elt && elt.hasAttribute && elt.hasAttribute("data-poll") && document.visibilityState !== "visible") {
      event.preventDefault();
    }
  });

  // Forms and buttons with data-confirm ask before they submit (destructive actions also have a
  // confirmation page server-side; this is the quick path for lighter ones).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  }, true);

  // "Select all" checkboxes: <input type=checkbox data-select-all="name">
  document.addEventListener("change", function (event) {
    var box = event.target;
    var name = box.getAttribute && box.getAttribute("data-select-all");
    if (!name) { return; }
    document.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (other) {
      if (!other.disabled) { other.checked = box.checked; }
    });
    document.dispatchEvent(new CustomEvent("panel:selection-changed"));
  });

  // Copy buttons: <button data-copy="#element-id">
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) { return; }
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (source && navigator.clipboard) {
      navigator.clipboard.writeText(source.textContent.trim());
      button.classList.add("btn-success");
    }
  });

  // Auto-submit filters: <form data-autosubmit> submits (through htmx if configured) on change,
  // unless what it would ask is what it asked last: a search box that already asked as the
  // member typed fires "change" again when it loses the focus, and that second answer, pushed
  // into the history, would cancel the click that took the focus away (on a row's link, say).
  function query(form) {
    return new URLSearchParams(new FormData(form)).toString();
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    if (elt && elt.hasAttribute && elt.hasAttribute("data-autosubmit")) {
      elt.dataset.asked = query(elt);
    }
  });
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-autosubmit") && !event.target.hasAttribute("data-select-all")) {
      if (form.dataset.asked === query(form)) {
        return;
      }
      if (window.htmx && form.hasAttribute("hx-get")) {
        window.htmx.trigger(form, "submit");
      } else {
        form.requestSubmit();
      }
    }
  });

  // A table or a block of text wider than the screen scrolls sideways: it takes the keyboard
  // focus then, so that a keyboard user can scroll it too (and a screen reader names it).
  function markScrollables() {
    document.querySelectorAll(".table-responsive, pre").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-focus", "");
      } else if (!scrolls && box.hasAttribute("data-scroll-focus")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-focus");
      }
    });
  }
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(markScrollables, 30);
  });
  document.addEventListener("DOMContentLoaded", markScrollables);
  document.addEventListener("htmx:load", markScrollables);

  // Stacked tables (class table-stack): each cell gets its column's name for the phone layout.
  function labelStackedTables(root) {
    (root || document).querySelectorAll("table.table-stack").forEach(function (table) {
      var names = [];
      table.querySelectorAll("thead tr:first-child > th").forEach(function (th) {
        var span = parseInt(th.getAttribute("colspan") || "1", 10);
        var name = th.textContent.replace(/\s+/g, " ").trim();
        if (th.querySelector(".visually-hidden") && th.textContent.trim() === th.querySelector(".visually-hidden").textContent.trim()) {
          name = "";  // an actions column: its buttons speak for themselves
        }
        for (var i = 0; i < span; i++) { names.push(name); }
      });
      table.querySelectorAll("tbody > tr").forEach(function (row) {
        var index = 0;
        Array.prototype.forEach.call(row.children, function (cell) {
          var name = names[index];
          if (name && cell.tagName === "TD" && !cell.hasAttribute("data-label") && !cell.hasAttribute("colspan")) {
            cell.setAttribute("data-label", name);
          }
          index += parseInt(cell.getAttribute("colspan") || "1", 10);
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { labelStackedTables(document); });
  document.addEventListener("htmx:load", function (event) { labelStackedTables(document); });
})();
