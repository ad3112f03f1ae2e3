// Behaviour for our own pages, kept out of the templates: the Content-Security-Policy allows no inline script.
"use strict";

// <select data-autosubmit> submits its form when a value is picked (the year filter on the filing list).
document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
