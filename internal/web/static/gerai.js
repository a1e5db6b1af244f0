// Gerai's few page behaviours, as a file because the Content-Security-Policy
// runs no inline script or event handler. Every page works without it.
document.addEventListener("click", function (e) {
  var t = e.target;
  if (!(t instanceof Element)) return;
  if (t.matches("input[data-select]")) t.select(); // share and invite links: one tap selects the whole address
  if (t.closest("[data-print]")) window.print();
});
