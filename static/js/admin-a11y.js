/* Names for the admin's controls that Django renders without one (WCAG 4.1.2, 1.3.1):
   - a tabular inline shows its labels once, as column headers: each control in its rows is named
     after its column (and the row's object, on a saved row);
   - the autocomplete (select2) shows the chosen value in a role="textbox" without a name: it takes
     the label of the select it stands for;
   - the "choose all / search" icons of a horizontal filter carry an aria-label without a role;
   - a multiple autocomplete's chosen values sit in a <ul> with a <span> among its items.
   A static file (the CSP allows no inline script), run on load and on every change of the page
   (rows added with "Add another", widgets built after load). */
(function () {
  "use strict";

  function unnamed(control) {
    return !(control.labels && control.labels.length) &&
      !control.hasAttribute("aria-label") && !control.hasAttribute("aria-labelledby");
  }

  function headerText(th) {
    var copy = th.cloneNode(true);
    copy.querySelectorAll("img, .help, .help-tooltip").forEach(function (node) { node.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function labelTabularRows(root) {
    root.querySelectorAll(".inline-group .tabular table").forEach(function (table) {
      var headers = table.querySelectorAll("thead th");
      var deleteHeader = headers.length ? headerText(headers[headers.length - 1]) : "";
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var original = row.querySelector("td.original p");
        var suffix = original ? ": " + original.textContent.replace(/\s+/g, " ").trim() : "";
        row.querySelectorAll("td").forEach(function (cell) {
          var label = "";
          if (cell.classList.contains("delete")) {
            label = deleteHeader;
          } else {
            var name = Array.prototype.find.call(cell.classList, function (c) { return c.indexOf("field-") === 0; });
            var th = name && table.querySelector("thead th.column-" + name.slice(6));
            label = th ? headerText(th) : "";
          }
          if (!label) {
            return;
          }
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (control) {
            if (unnamed(control)) {
              control.setAttribute("aria-label", label + suffix);
            }
          });
        });
      });
    });
  }

  function labelAutocompletes(root) {
    root.querySelectorAll(".select2-selection__rendered[role=textbox][id^='select2-']").forEach(function (box) {
      if (box.hasAttribute("aria-label")) {
        return;
      }
      var id = box.id.replace(/^select2-/, "").replace(/-container$/, "");
      var select = document.getElementById(id);
      var label = select && (select.getAttribute("aria-label") ||
        (select.labels && select.labels.length ? select.labels[0].textContent.trim() : ""));
      if (label) {
        box.setAttribute("aria-label", label);
      }
    });
  }

  // A multiple autocomplete lists its choices in a <ul> that also holds a <span> (the "clear"
  // cross): not a list to a screen reader; the combobox says what is chosen.
  function flattenChoiceLists(root) {
    root.querySelectorAll(".select2-selection--multiple ul.select2-selection__rendered").forEach(function (list) {
      list.setAttribute("role", "presentation");
      Array.prototype.forEach.call(list.children, function (child) {
        if (child.getAttribute("role") !== "presentation") {
          child.setAttribute("role", "presentation");
        }
      });
    });
  }

  function roleForIcons(root) {
    root.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function name(root) {
    labelTabularRows(root);
    labelAutocompletes(root);
    flattenChoiceLists(root);
    roleForIcons(root);
  }

  var pending = false;
  function schedule() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        name(document);
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    name(document);
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  });
  window.addEventListener("load", function () { name(document); });
})();
