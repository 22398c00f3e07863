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

  document.documentElement.classList.add("js");
  initCopyButtons();
  initMenuEscape();
  initPrintButtons();
})();
