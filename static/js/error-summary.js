/*
 * The error summary after an invalid submit (templates/includes/form_errors.html, which loads this
 * file only when a form has errors): focus moves to the summary, so a screen reader reads it and a
 * keyboard user starts from it; a link in it moves focus to its field, with the field's label (or
 * the fieldset's legend) in view. Without this file the summary still shows and its links still
 * jump to the fields.
 */
(function () {
  "use strict";

  if (window.iclonErrorSummary) {
    return; // loaded once per page, however many forms show a summary
  }
  window.iclonErrorSummary = true;

  function labelFor(field) {
    var legend = field.closest("fieldset") && field.closest("fieldset").querySelector("legend");
    if (field.labels && field.labels.length) {
      return field.labels[0];
    }
    return legend || field;
  }

  function focusField(event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!target) {
      return;
    }
    // A group of radios or checkboxes: its first control.
    var field = target.matches("input, select, textarea, button")
      ? target
      : target.querySelector("input, select, textarea, button");
    if (!field) {
      return;
    }
    event.preventDefault();
    labelFor(field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  }

  function init() {
    var summaries = document.querySelectorAll(".error-summary");
    if (!summaries.length) {
      return;
    }
    summaries.forEach(function (summary) {
      summary.addEventListener("click", focusField);
    });
    var first = summaries[0];
    if (!first.hasAttribute("tabindex")) {
      first.setAttribute("tabindex", "-1");
    }
    first.focus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
