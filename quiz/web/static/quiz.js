/* Progressive enhancement for the quiz: keyboard shortcuts and focus. Everything works without it. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");  // shortcut hints show only when the shortcuts work
  var hint = document.getElementById("hint");
  if (hint) { hint.hidden = false; }  // hidden in the page itself, so no script (or no stylesheet yet) shows none

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" && target.type !== "radio" || tag === "TEXTAREA" || tag === "SELECT";
  }

  function onQuestion(form) {
    var radios = form.querySelectorAll("input[type=radio][data-key]");
    if (radios.length) {
      document.addEventListener("keydown", function (event) {
        if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
        var n = parseInt(event.key, 10);
        if (n >= 1 && n <= radios.length) {
          radios[n - 1].checked = true;
          radios[n - 1].focus();
          event.preventDefault();
        } else if (event.key === "Enter" && event.target.tagName !== "BUTTON") {
          event.preventDefault();
          if (form.requestSubmit) form.requestSubmit(); else form.submit();
        }
      });
    }
    // A second click or Enter must not send the answer twice (the server would record it once anyway).
    form.addEventListener("submit", function () {
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  }

  function onFeedback() {
    var title = document.getElementById("feedback-title");
    var next = document.getElementById("next");
    if (title) title.focus();
    if (next) {
      document.addEventListener("keydown", function (event) {
        if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
        var onLink = event.target.tagName === "A" || event.target.tagName === "BUTTON";
        if ((event.key === "Enter" && !onLink) || event.key === "n" || event.key === "N") {
          event.preventDefault();
          window.location.assign(next.href);
        }
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("answer-form");
    if (form) onQuestion(form);
    if (document.getElementById("feedback")) onFeedback();
  });
})();
