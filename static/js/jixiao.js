// Behaviour for our own pages, kept out of the templates: the Content-Security-Policy allows no inline script.
"use strict";

// <select data-autosubmit> submits its form when a value is picked (the year filter on the filing list).
document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});

// <form data-once> sends once: a second click (or Enter) while the first request is on its way does
// nothing, so a double click on 送审 or 提交审核结论 is one action. A button with data-confirm asks
// first; declining sends nothing. Both are decided on the submit event, where the button pressed is
// known (event.submitter). The server refuses a repeated action anyway (each form carries the
// revision it saw); this spares the user its 「已有变动」 message.
function releaseForm(form) {
  delete form.dataset.sending;
  form.removeAttribute("aria-busy");
  form.querySelectorAll("[data-once-disabled]").forEach(function (b) {
    b.disabled = false;
    b.removeAttribute("data-once-disabled");
  });
}

document.addEventListener("submit", function (event) {
  var form = event.target;
  var button = event.submitter;
  var question = button && button.dataset.confirm;
  if (!form.hasAttribute("data-once") && !question) return;
  if (form.dataset.sending) { event.preventDefault(); return; }
  if (question && !window.confirm(question)) { event.preventDefault(); return; }
  if (!form.hasAttribute("data-once")) return;
  form.dataset.sending = "1";
  // Disabled after this event: a button disabled now would leave its own name and value out of the post.
  window.setTimeout(function () {
    form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]").forEach(function (b) {
      if (b.disabled) return;
      b.disabled = true;
      b.setAttribute("data-once-disabled", "");
    });
    form.setAttribute("aria-busy", "true");
  }, 0);
  // Still here after a while: the user stayed when the wizard asked 「离开此网站？」 (unsaved input),
  // or the request failed; the form works again rather than staying dead.
  window.setTimeout(function () { releaseForm(form); }, 10000);
});

// Back to a page kept in the browser's cache: its forms can be sent again.
window.addEventListener("pageshow", function (event) {
  if (event.persisted) document.querySelectorAll("form[data-sending]").forEach(releaseForm);
});

// The reviewer's comments on a wizard step (templates/approvals/_step_comments.html) name the row or
// field they concern by its id: that place gets a marker linking to the comment, and is highlighted.
document.querySelectorAll("[data-comment-anchor]").forEach(function (comment) {
  var id = comment.dataset.commentAnchor;
  var place = id && document.getElementById(id);
  if (!place || place === comment) return;
  // A whole step (a 附件3 sheet) is marked by its badge alone; a row or a field is highlighted too.
  if (place.tagName !== "FORM") place.classList.add("has-review-comment");
  var badge = document.createElement("a");
  badge.className = "badge text-bg-warning review-comment-badge";
  badge.href = "#" + comment.id;
  badge.textContent = "审核意见";
  badge.title = comment.dataset.commentText || "";
  badge.dataset.testid = "comment-marker";
  if (place.tagName === "TR") {
    place.querySelector("td, th").prepend(badge);
  } else if (/^(INPUT|TEXTAREA|SELECT)$/.test(place.tagName)) {
    var label = document.querySelector("label[for='" + id + "']");
    (label || place).insertAdjacentElement(label ? "beforeend" : "beforebegin", badge);
  } else {
    place.prepend(badge);
  }
});

// …and the wizard's step bar shows which steps have comments waiting.
document.querySelectorAll("[data-comment-step]").forEach(function (link) {
  var step = document.querySelector(".wizard-steps [data-step='" + link.dataset.commentStep + "']");
  if (!step || step.querySelector(".review-comment-badge")) return;
  var badge = document.createElement("span");
  badge.className = "badge text-bg-warning review-comment-badge ms-1";
  badge.textContent = "审核意见";
  badge.dataset.testid = "step-has-comments";
  step.appendChild(badge);
});

// 送审 with many warnings: how many are ticked so far, beside the button.
document.querySelectorAll("[data-ack-progress]").forEach(function (progress) {
  var boxes = progress.closest("form").querySelectorAll("input[name=ack]");
  function count() {
    var ticked = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
    progress.textContent = "已确认 " + ticked + " / " + boxes.length + " 条警告" +
      (ticked < boxes.length ? "；全部确认后才能送审。" : "。");
  }
  progress.closest("form").addEventListener("change", count);
  count();
});
