/* DNS record form: show the fields the chosen record type uses, and hint at its value.
   Without this script every field is shown and the server still checks them per type. */
(function () {
  "use strict";

  function update(form) {
    var select = form.querySelector("select[name=type]");
    if (!select) { return; }
    var type = select.value;
    form.querySelectorAll("[data-types]").forEach(function (wrapper) {
      var types = wrapper.getAttribute("data-types").split(" ");
      wrapper.classList.toggle("d-none", types.indexOf(type) === -1);
    });
    var hints = {};
    try { hints = JSON.parse(form.getAttribute("data-hints") || "{}"); } catch (error) { hints = {}; }
    var value = form.querySelector("[name=value]");
    var label = value && form.querySelector("label[for='" + value.id + "']");
    if (value && hints[type]) {
      value.setAttribute("placeholder", hints[type][1]);
      if (label) {
        if (!label.hasAttribute("data-default")) { label.setAttribute("data-default", label.firstChild.textContent); }
        label.firstChild.textContent = hints[type][0];
      }
    }
  }

  function init() {
    document.querySelectorAll("form[data-record-form]").forEach(function (form) {
      update(form);
      form.addEventListener("change", function (event) {
        if (event.target.name === "type") { update(form); }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
