/* Progressive enhancement for the ICLON portal. Every page works without this file. */
(function () {
  "use strict";

  // Copy buttons: <button data-copy="#element-id">. Added only where the clipboard API exists.
  function initCopyButtons() {
    if (!navigator.clipboard) {
      return;
    }
    document.querySelectorAll("[data-copy-target]").forEach(function (field) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn--small btn--secondary";
      button.textContent = field.getAttribute("data-copy-label") || "Copy";
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value || field.textContent).then(function () {
          button.textContent = field.getAttribute("data-copied-label") || "Copied";
          field.focus();
          if (field.select) {
            field.select();
          }
        });
      });
      field.insertAdjacentElement("afterend", button);
    });
  }

  // The phone menu (<details>) closes with Escape and returns focus to its toggle.
  function initMenuEscape() {
    document.querySelectorAll("details[data-menu]").forEach(function (menu) {
      menu.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && menu.open) {
          menu.open = false;
          menu.querySelector("summary").focus();
        }
      });
    });
  }

  // Print buttons: <button data-print hidden>, shown only here, since they need this file.
  function initPrintButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  // The header's dropdowns (<details data-dropdown>: the user menu, "More"): one open at a time;
  // Escape closes the open one and returns focus to its toggle; a click elsewhere or the focus
  // leaving it closes it. Opening and closing are the browser's own (Enter, Space, a click).
  function initDropdowns() {
    var dropdowns = Array.prototype.slice.call(document.querySelectorAll("details[data-dropdown]"));
    if (!dropdowns.length) {
      return;
    }
    dropdowns.forEach(function (dropdown) {
      dropdown.addEventListener("toggle", function () {
        if (dropdown.open) {
          dropdowns.forEach(function (other) {
            if (other !== dropdown && other.open) {
              other.open = false;
            }
          });
        }
      });
      dropdown.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && dropdown.open) {
          event.stopPropagation();
          dropdown.open = false;
          dropdown.querySelector("summary").focus();
        }
      });
      dropdown.addEventListener("focusout", function (event) {
        if (dropdown.open && event.relatedTarget && !dropdown.contains(event.relatedTarget)) {
          dropdown.open = false;
        }
      });
    });
    document.addEventListener("click", function (event) {
      dropdowns.forEach(function (dropdown) {
        if (dropdown.open && !dropdown.contains(event.target)) {
          dropdown.open = false;
        }
      });
    });
  }

  document.documentElement.classList.add("js");
  initCopyButtons();
  initMenuEscape();
  initPrintButtons();
  initDropdowns();
})();
