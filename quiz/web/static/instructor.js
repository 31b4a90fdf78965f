/* The instructor's desk: "ask about this" span selection and "check all". Everything works without it. */
(function () {
  "use strict";

  function offsetIn(container, node, offset) {
    var range = document.createRange();
    range.selectNodeContents(container);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function onText(container) {
    var form = document.getElementById("ask-form");
    var start = document.getElementById("ask-start");
    var text = document.getElementById("ask-text");
    if (!form || !start || !text) return;
    function capture() {
      var sel = window.getSelection();
      if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
      var range = sel.getRangeAt(0);
      if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return;
      var raw = range.toString();
      var lead = raw.length - raw.replace(/^\s+/, "").length;
      var picked = raw.trim();
      if (!picked) return;
      start.value = String(offsetIn(container, range.startContainer, range.startOffset) + lead);
      text.value = picked;
      form.classList.add("has-span");
    }
    container.addEventListener("mouseup", capture);
    container.addEventListener("keyup", capture);
    document.addEventListener("selectionchange", function () {
      var sel = window.getSelection();
      if (sel && !sel.isCollapsed && container.contains(sel.anchorNode)) capture();
    });
  }

  function onQueue() {
    var all = document.getElementById("check-all");
    if (!all) return;
    all.addEventListener("change", function () {
      document.querySelectorAll("input.row-check").forEach(function (box) { box.checked = all.checked; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var container = document.getElementById("doc-text");
    if (container) onText(container);
    onQueue();
  });
})();
