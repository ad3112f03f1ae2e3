// The entry screens: add/remove/reorder rows, 一级 → 二级 choices, live totals, row checks via htmx.
// Everything also works without it (spare rows, 行号, 删除 checkboxes, server-side totals and checks).
"use strict";

(function () {
  document.documentElement.classList.add("has-js");

  // --- amounts as offices type them: 1482.9, 1,482.90, full-width digits ---------------------------
  function parseAmount(text) {
    if (text == null) return null;
    var t = String(text).replace(/[\uFF10-\uFF19]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFEE0); })
      .replace(/\uFF0E/g, ".").replace(/[\uFF0C,\s]/g, "");
    if (t === "") return null;
    if (!/^\+?\d+(\.\d+)?$/.test(t)) return NaN;
    return Math.round(parseFloat(t) * 1e6);  // in millionths of 万元: exact sums
  }
  function show(micro) {
    var s = (micro / 1e6).toFixed(6).replace(/\.?0+$/, "");
    return s === "" ? "0" : s;
  }

  function reconcile(box) {
    var scope = box.closest("[data-totals]");
    var inputs = Array.prototype.filter.call(scope.querySelectorAll("[data-money]"), function (input) {
      var name = input.name || "";
      var kind = box.dataset.sumOf;
      if (kind === "income") return name.indexOf("income_") === 0;
      if (kind === "expense") return name.indexOf("expense_") === 0;
      return name.indexOf("funding_") === 0;
    });
    var sum = 0, any = false, bad = false;
    inputs.forEach(function (input) {
      var v = parseAmount(input.value);
      if (v === null) return;
      if (isNaN(v)) { bad = true; return; }
      any = true; sum += v;
    });
    box.querySelector("[data-sum]").textContent = any ? show(sum) : "—";
    var against = document.getElementById(box.dataset.against);
    var target = against ? parseAmount(against.value) : null;
    var hint = box.querySelector(".reconcile-hint");
    if (bad) hint.textContent = "有金额无法识别";
    else if (any && target !== null && !isNaN(target) && target !== sum) hint.textContent = "与" + (box.dataset.sumOf === "funding" ? "项目金额" : "资金总额") + "（" + show(target) + "）不一致";
    else hint.textContent = "";
  }
  function allTotals() { document.querySelectorAll(".reconcile").forEach(reconcile); linesTotal(); rowTotals(); }

  // 合计 under a project form's 资金 / 成本测算 rows: the rows' amounts, deleted rows left out.
  function rowTotals() {
    document.querySelectorAll("[data-row-total]").forEach(function (cell) {
      var sum = 0, bad = false;
      document.querySelectorAll("[data-formset=" + cell.dataset.rowTotal + "] [data-rows] tr[data-row]").forEach(function (tr) {
        if (tr.classList.contains("row-deleted")) return;
        var v = parseAmount((tr.querySelector("input[name$='-amount']") || {}).value);
        if (v === null) return;
        if (isNaN(v)) bad = true; else sum += v;
      });
      cell.textContent = show(sum);
      var target = parseAmount(cell.dataset.againstValue);
      var hint = cell.closest("tr").querySelector(".reconcile-hint");
      if (bad) hint.textContent = "有金额无法识别";
      else hint.textContent = target !== null && !isNaN(target) && target !== sum ? "合计与项目资金总额不一致" : "";
    });
  }

  function linesTotal() {
    var cell = document.querySelector("[data-lines-total]");
    if (!cell) return;
    var sum = 0;
    document.querySelectorAll("[data-formset=line] [data-rows] tr[data-row]").forEach(function (tr) {
      if (tr.classList.contains("row-deleted")) return;
      var child = tr.querySelector("input[name$='-is_child']");
      if (child && child.checked) return;
      var v = parseAmount((tr.querySelector("input[name$='-amount']") || {}).value);
      if (v !== null && !isNaN(v)) sum += v;
    });
    cell.textContent = show(sum);
    var target = parseAmount(cell.dataset.againstValue);
    var hint = cell.closest("tr").querySelector(".reconcile-hint");
    hint.textContent = target !== null && !isNaN(target) && target !== sum ? "合计与附件1项目支出不一致" : "";
  }
  document.addEventListener("input", function (e) { if (e.target.matches("[data-money]")) allTotals(); });
  document.addEventListener("change", function (e) { if (e.target.matches("input[name$='-is_child']")) linesTotal(); });
  allTotals();

  // --- 一级 narrows 二级 -----------------------------------------------------------------------------
  function narrow(row) {
    var l1 = row.querySelector("[data-level1]"), l2 = row.querySelector("[data-level2]");
    if (!l1 || !l2) return;
    var name = l1.options[l1.selectedIndex] ? l1.options[l1.selectedIndex].text : "";
    Array.prototype.forEach.call(l2.querySelectorAll("optgroup"), function (group) {
      var on = !l1.value || group.label === name;
      group.hidden = !on; group.disabled = !on;
    });
    var sel = l2.options[l2.selectedIndex];
    if (l1.value && (!sel || !sel.parentElement || sel.parentElement.label !== name)) {
      var group = Array.prototype.find.call(l2.querySelectorAll("optgroup"), function (g) { return g.label === name; });
      l2.value = group && group.querySelector("option") ? group.querySelector("option").value : "";
    }
  }
  function level1FromLevel2(row) {
    var l1 = row.querySelector("[data-level1]"), l2 = row.querySelector("[data-level2]");
    if (!l1 || !l2 || l1.value) return;
    var sel = l2.options[l2.selectedIndex];
    if (sel && sel.parentElement && sel.parentElement.tagName === "OPTGROUP") {
      var match = Array.prototype.find.call(l1.options, function (o) { return o.text === sel.parentElement.label; });
      if (match) l1.value = match.value;
    }
  }
  document.querySelectorAll("tr[data-row]").forEach(function (row) { level1FromLevel2(row); narrow(row); });
  document.addEventListener("change", function (e) {
    if (e.target.matches("[data-level1]")) narrow(e.target.closest("tr"));
  });

  // --- rows: add from <template>, move, delete -------------------------------------------------------
  function renumber(tbody) {
    var n = 0;
    tbody.querySelectorAll("tr[data-row]").forEach(function (tr) {
      var order = tr.querySelector("input[name$='-order']");
      if (!order) return;
      if (tr.classList.contains("row-deleted")) return;
      n += 1; order.value = n;
    });
  }
  document.addEventListener("click", function (e) {
    var add = e.target.closest("[data-add-row]");
    if (add) {
      var prefix = add.dataset.addRow;
      var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
      var html = document.getElementById(prefix + "-empty").innerHTML.replace(/__prefix__/g, total.value);
      var tbody = document.querySelector("[data-formset=" + prefix + "] [data-rows]");
      tbody.insertAdjacentHTML("beforeend", html);
      total.value = parseInt(total.value, 10) + 1;
      var row = tbody.lastElementChild;
      if (window.htmx) window.htmx.process(row);
      narrow(row);
      renumber(tbody);
      var first = row.querySelector("select, textarea, input:not([type=hidden])");
      if (first) first.focus();
      return;
    }
    var move = e.target.closest("[data-move]");
    if (move) {
      var tr = move.closest("tr"), body = tr.parentElement;
      if (move.dataset.move === "-1" && tr.previousElementSibling) body.insertBefore(tr, tr.previousElementSibling);
      else if (move.dataset.move === "1" && tr.nextElementSibling) body.insertBefore(tr.nextElementSibling, tr);
      renumber(body);
      move.focus();
    }
  });
  document.addEventListener("change", function (e) {
    if (e.target.matches("input[name$='-DELETE']")) {
      var tr = e.target.closest("tr");
      tr.classList.toggle("row-deleted", e.target.checked);
      renumber(tr.parentElement);
      allTotals();
    }
  });

  // --- row checks: post only the row's own cells ------------------------------------------------------
  // One grid per block of the layout (实施期, 年度); each row is checked on its own.
  var grids = document.querySelectorAll(".indicator-grid");
  if (grids.length && window.htmx) {
    var timer = null;
    function check(row) {
      var grid = row.closest(".indicator-grid");
      var cell = row.querySelector("[data-row-check]");
      var values = { row_prefix: row.dataset.prefix, sheet: grid.dataset.sheet || "" };
      row.querySelectorAll("input, select, textarea").forEach(function (el) {
        if (!el.name || (el.type === "checkbox" && !el.checked)) return;
        values[el.name] = el.value;
      });
      window.htmx.ajax("POST", grid.dataset.checkUrl, { target: cell, swap: "innerHTML", values: values, source: cell });
    }
    grids.forEach(function (grid) {
      grid.addEventListener("change", function (e) { var row = e.target.closest("tr[data-row]"); if (row) check(row); });
      grid.addEventListener("input", function (e) {
        var row = e.target.closest("tr[data-row]");
        if (!row) return;
        clearTimeout(timer);
        timer = setTimeout(function () { check(row); }, 600);
      });
    });
    // Only the row's own values travel (not the whole step form, which htmx would otherwise add).
    document.body.addEventListener("htmx:configRequest", function (e) {
      if (!e.detail.elt.matches || !e.detail.elt.matches("[data-row-check]")) return;
      var keep = e.detail.elt.closest("tr").dataset.prefix + "-";
      var params = e.detail.parameters;
      var names = [];
      if (params.keys) { for (var k of params.keys()) names.push(k); } else { names = Object.keys(params); }
      names.forEach(function (name) {
        if (name.indexOf(keep) !== 0 && name !== "row_prefix" && name !== "sheet") {
          if (params.delete) params.delete(name); else delete params[name];
        }
      });
    });
  }
})();

// --- leaving a changed step: warn, and keep what was typed aside ----------------------------------------
// What was typed on a step and not saved is never just dropped. A link within the site posts it to the
// step to be kept aside (PendingInput, offered back there as 「恢复您未保存的内容」) and then goes on;
// Back, reload or closing the tab get the browser's own 「离开此网站？」 and, if left, the same keeping by
// beacon. Saving (any submit of the step form: 保存, 上一步, the step bar) needs neither.
(function () {
  var form = document.getElementById("step-form");
  if (!form || form.classList.contains("read-only") || !form.querySelector("[name=owner]")) return;
  var changed = form.hasAttribute("data-unsaved");  // shown again as typed: a refused save, a restore
  var leaving = false;

  function markChanged(e) {
    if (e.target.form === form || form.contains(e.target)) changed = true;
  }
  document.addEventListener("input", markChanged);
  document.addEventListener("change", markChanged);
  form.addEventListener("click", function (e) { if (e.target.closest("[data-move]")) changed = true; });
  form.addEventListener("submit", function () { leaving = true; });

  function typed(action) {
    var data = new FormData(form);
    data.set("action", action);
    data.delete("goto");
    return data;
  }

  function keepByBeacon() {
    if (navigator.sendBeacon) navigator.sendBeacon(window.location.pathname, typed("keep"));
  }
  window.addEventListener("beforeunload", function (e) {
    if (!changed || leaving) return;
    // Kept before the browser asks, so that a reload finds it kept (and a copy kept for someone who
    // stays does no harm: saving the step clears it).
    keepByBeacon();
    e.preventDefault();
    e.returnValue = "";  // browsers show their own words for this
  });
  // Phones may leave without beforeunload.
  window.addEventListener("pagehide", function () { if (changed && !leaving) keepByBeacon(); });

  document.addEventListener("click", function (e) {
    var link = e.target.closest("a[href]");
    if (!link || !changed || leaving || e.defaultPrevented) return;
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey || link.target) return;  // another tab
    if (link.origin !== window.location.origin) return;  // left to beforeunload
    if (link.pathname === window.location.pathname && link.search === window.location.search && link.hash) return;
    if (link.hasAttribute("data-restore")) {
      // Restoring what was kept earlier replaces what was typed here since.
      if (!window.confirm("恢复暂存的内容将替换您刚在本页填写、尚未保存的内容。确定恢复吗？")) e.preventDefault();
      else leaving = true;
      return;
    }
    e.preventDefault();
    leaving = true;
    var go = function () { window.location.href = link.href; };
    var ask = function (why) {
      if (window.confirm(why + "\n仍要离开本页吗？离开后本页未保存的内容将丢失。")) go();
      else leaving = false;
    };
    fetch(window.location.pathname, { method: "POST", body: typed("leave"), credentials: "same-origin" })
      .then(function (response) {
        if (response.ok) go();
        else if (response.status === 413) response.text().then(ask);
        else ask("本页填写的内容未能暂存（" + response.status + "）。");
      }, function () { ask("本页填写的内容未能暂存（网络连接失败）。"); });
  });
})();
