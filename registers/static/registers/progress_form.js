// The monthly progress form: as soon as a project and month are chosen, show the annual plan and
// the previous reported cumulative beside 1-M月累计完成投资, and the month's own amount as the
// reporter types (cumulative minus previous). Figures come from the admin's progress-context view.
(function () {
  "use strict";
  function start() {
    var ytd = document.getElementById("id_completed_ytd");
    if (!ytd || !ytd.dataset.progressContextUrl) { return; }
    var box = document.createElement("p");
    box.className = "pb-progress-context help";
    box.setAttribute("aria-live", "polite");
    ytd.insertAdjacentElement("afterend", box);
    var context = null;
    var last = "";

    function value(id) {
      var el = document.getElementById(id);
      return el ? el.value : "";
    }
    function money(n) {
      return n.toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    function render() {
      if (!context || !context.known) { box.textContent = ""; return; }
      var parts = [];
      parts.push(context.plan_label ? context.year + "年计划投资 " + context.plan_label + " 万元" : context.year + "年尚无年度计划");
      parts.push(context.previous_month ? context.previous_month + "月已报累计 " + context.previous_label + " 万元" : "本年此前无已报月份");
      var typed = parseFloat((ytd.value || "").replace(/,/g, ""));
      if (!isNaN(typed)) {
        var own = typed - parseFloat(context.previous_ytd || "0");
        parts.push(context.month + "月当月完成 " + money(own) + " 万元" + (own < 0 ? "（低于已报累计，请核对）" : ""));
      }
      box.textContent = parts.join("；") + "。";
    }
    function refresh() {
      var key = [value("id_project"), value("id_year"), value("id_month")].join("/");
      if (key === last) { return; }
      last = key;
      var url = ytd.dataset.progressContextUrl + "?project=" + encodeURIComponent(value("id_project")) +
        "&year=" + encodeURIComponent(value("id_year")) + "&month=" + encodeURIComponent(value("id_month"));
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
        context = data;
        render();
      }).catch(function () { context = null; render(); });
    }
    ytd.addEventListener("input", render);
    ["id_year", "id_month"].forEach(function (id) {
      var el = document.getElementById(id);
      if (el) { el.addEventListener("change", refresh); el.addEventListener("input", refresh); }
    });
    // The project chooser sets a hidden input; its change is seen by polling, as cheaply as a compare.
    window.setInterval(refresh, 700);
    refresh();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
