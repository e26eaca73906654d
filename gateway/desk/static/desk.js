// The only script of the desk (served from 'self' under the CSP): a print button.
// Everything else works without JavaScript; nothing is stored in the browser.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.documentElement.classList.add("js");
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
});
