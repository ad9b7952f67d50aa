// Progressive enhancement only: the site works fully without this file.
// The header search box: focus the field when it opens, close it with Escape.
// The FAQ: open the question a link points at (/faq/#faq-7).
// Forms: pages are the same for every visitor, so a form fetches its own tokens (the API's
// signed timestamp and the CSRF token) when the visitor starts filling it in. Without them
// the site asks the visitor to confirm once more, so a failed fetch is never a lost form.
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
  function guard(form) {
    var pending = null;
    function fetchTokens() {
      if (!pending) {
        pending = fetch(form.getAttribute("data-form-token"), {
          credentials: "same-origin",
          cache: "no-store",
          headers: { Accept: "application/json" }
        })
          .then(function (answer) {
            if (!answer.ok) {
              throw new Error("no tokens: " + answer.status);
            }
            return answer.json();
          })
          .then(function (tokens) {
            form.querySelector("input[name=form_token]").value = tokens.form_token;
            form.querySelector("input[name=csrfmiddlewaretoken]").value = tokens.csrf_token;
          })
          .catch(function () {
            pending = null;
          });
      }
      return pending;
    }
    form.addEventListener("focusin", fetchTokens);
    form.addEventListener("submit", function (event) {
      if (form.querySelector("input[name=form_token]").value) {
        return;
      }
      event.preventDefault();
      fetchTokens().then(function () {
        HTMLFormElement.prototype.submit.call(form);
      });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("form[data-form-token]"), guard);
})();
