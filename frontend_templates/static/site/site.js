// Progressive enhancement only: the site works fully without this file.
// The header search box: focus the field when it opens, close it with Escape.
// The FAQ: open the question a link points at (/faq/#faq-7).
(function () {
  "use strict";
  var search = document.querySelector("details.site-search");
  if (search) {
    var toggle = search.querySelector("summary");
    search.addEventListener("toggle", function () {
      if (search.open) {
        search.querySelector("input[type=search]").focus();
      }
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && search.open) {
        search.open = false;
        toggle.focus();
      }
    });
  }
  function openTargetedQuestion() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") {
      target.open = true;
    }
  }
  window.addEventListener("hashchange", openTargetedQuestion);
  openTargetedQuestion();
})();
