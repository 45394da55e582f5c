// The public site's one script, all optional: a unit linked by its anchor (#unit-12) opens — a
// section in place, a unit of the directory's index by loading its own address —, an enlarged
// photo closes with Escape, and every collapsed section opens before printing.
(function () {
  "use strict";
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    if (target.tagName === "DETAILS") {
      target.open = true;
      target.scrollIntoView();
    } else if (target.closest(".unit-index") && !/[?&]unit=/.test(location.search)) {
      var link = target.querySelector("a[href]");
      if (link) location.replace(link.href);
    }
  }
  window.addEventListener("hashchange", openTarget);
  // An enlarged photo (a :target dialog) closes with Escape, as its 关闭 link does.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector(".lightbox:target .lightbox-close");
    if (open) location.replace(open.href);
  });
  document.addEventListener("DOMContentLoaded", function () {
    openTarget();
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("main details").forEach(function (details) { details.open = true; });
  });
})();
