// The household page's aid forms, as progressive enhancement (every form
// works without it):
// - a signature pad: a <canvas> the recipient draws on with a finger
//   (pointer events); on submit the drawing, as a PNG data URL, goes into
//   the form's hidden "signature" field. Without JavaScript the pad stays
//   hidden and the photo of the signed BAST is the proof.
// - "use my location": fills the form's lat/lng from navigator.geolocation.
(function () {
  "use strict";

  function pad(box) {
    var canvas = box.querySelector("canvas");
    var field = box.closest("form").querySelector("input[name=signature]");
    var clear = box.querySelector("[data-clear]");
    var ctx = canvas.getContext("2d");
    var drawn = false, last = null;
    box.hidden = false;

    // The backing store at the screen's density, so the strokes stay sharp.
    function size() {
      var ratio = Math.min(window.devicePixelRatio || 1, 3);
      var w = canvas.clientWidth, h = canvas.clientHeight;
      if (!w || !h) return;
      canvas.width = Math.round(w * ratio);
      canvas.height = Math.round(h * ratio);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.lineWidth = 2.5;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.strokeStyle = "#111";
      drawn = false;
      field.value = "";
    }
    function point(e) {
      var r = canvas.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    }
    canvas.addEventListener("pointerdown", function (e) {
      e.preventDefault();
      canvas.setPointerCapture(e.pointerId);
      last = point(e);
      ctx.beginPath();
      ctx.arc(last.x, last.y, ctx.lineWidth / 2, 0, 2 * Math.PI);
      ctx.fillStyle = ctx.strokeStyle;
      ctx.fill();
      drawn = true;
    });
    canvas.addEventListener("pointermove", function (e) {
      if (!last) return;
      e.preventDefault();
      var p = point(e);
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      last = p;
    });
    function end() {
      if (!last) return;
      last = null;
      // Kept up to date after each stroke, so a submit by any means sends it.
      field.value = drawn ? canvas.toDataURL("image/png") : "";
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("pointerleave", end);
    if (clear) {
      clear.addEventListener("click", function () {
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        drawn = false;
        field.value = "";
      });
    }
    size();
  }

  function locate(button) {
    var form = button.closest("form");
    var lat = form.querySelector("input[name=lat]"), lng = form.querySelector("input[name=lng]");
    var status = form.querySelector("[data-locate-status]");
    if (!lat || !lng || !("geolocation" in navigator)) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      if (status) status.textContent = button.getAttribute("data-wait") || "";
      navigator.geolocation.getCurrentPosition(function (pos) {
        lat.value = pos.coords.latitude.toFixed(6);
        lng.value = pos.coords.longitude.toFixed(6);
        if (status) status.textContent = button.getAttribute("data-done") || "";
      }, function () {
        if (status) status.textContent = button.getAttribute("data-failed") || "";
      }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
    });
  }

  document.querySelectorAll("[data-signature-pad]").forEach(pad);
  document.querySelectorAll("button[data-locate]").forEach(locate);
})();
