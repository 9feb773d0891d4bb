// The only script on these pages (served from /web/static, so the CSP needs no inline script).
// While a form that signs is being sent: disable its buttons and say "signing…".
document.addEventListener("submit", function (event) {
  var form = event.target;
  var submitter = event.submitter;
  if (submitter && (submitter.getAttribute("formaction") || submitter.getAttribute("formtarget"))) {
    return; // "edit", "add a row" and the unsigned preview are not signing
  }
  var busy = form.getAttribute("data-signing");
  if (!busy) {
    var button = form.querySelector("button[data-busy]");
    busy = button ? button.getAttribute("data-busy") : null;
  }
  if (!busy) return;
  var note = form.querySelector(".signing");
  if (note) note.hidden = false;
  form.classList.add("busy");
  window.setTimeout(function () {
    form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
  }, 0);
});
