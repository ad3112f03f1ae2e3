// 系统管理 → 部门 / 专项资金 → 导出: the 「全选」 box ticks or clears every column box. In a static file,
// because the page's Content-Security-Policy blocks django-import-export's inline onchange handler.
(function () {
  "use strict";

  function columnBoxes() {
    return document.querySelectorAll('.selectable-field-export-row input[type="checkbox"]');
  }

  function init() {
    var toggle = document.getElementById("select-all-toggle");
    if (!toggle) {
      return;
    }
    toggle.addEventListener("change", function () {
      columnBoxes().forEach(function (box) { box.checked = toggle.checked; });
    });
    // Ticking or clearing single columns keeps 「全选」 truthful.
    columnBoxes().forEach(function (box) {
      box.addEventListener("change", function () {
        var boxes = Array.prototype.slice.call(columnBoxes());
        toggle.checked = boxes.every(function (b) { return b.checked; });
        toggle.indeterminate = !toggle.checked && boxes.some(function (b) { return b.checked; });
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
