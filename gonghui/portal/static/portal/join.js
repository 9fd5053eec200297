// One submission per tap: a second tap while the first is on its way does nothing.
// (The server makes one request per ID number in any case.)
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("join-form");
  if (!form) return;
  form.addEventListener("submit", function (event) {
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
    var button = document.getElementById("submit-join");
    if (button) { button.setAttribute("aria-busy", "true"); }
  });
});
