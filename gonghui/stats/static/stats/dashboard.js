// The dashboard's charts: data from stats:charts (JSON), drawn with the vendored ECharts.
(function () {
  "use strict";
  function bar(chart, data, horizontal) {
    var category = { type: "category", data: data.labels, axisLabel: { interval: 0, width: 120, overflow: "truncate" } };
    var value = { type: "value", name: data.unit_label || "" };
    chart.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: horizontal ? 140 : 50, right: 20, top: 30, bottom: horizontal ? 20 : 60 },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? Object.assign(category, { inverse: true }) : value,
      series: data.series.map(function (s) { return { name: s.name, type: "bar", data: s.data }; })
    }, true);
  }
  function line(chart, data) {
    chart.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: 60, right: 20, top: 30, bottom: 40 },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value", name: data.unit_label || "" },
      series: data.series.map(function (s) { return { name: s.name, type: "line", smooth: true, data: s.data }; })
    }, true);
  }
  function pie(chart, data) {
    var values = data.series[0].data;
    chart.setOption({
      tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: ["35%", "65%"], data: data.labels.map(function (name, i) { return { name: name, value: values[i] }; }) }]
    }, true);
  }
  var drawers = { members: line, placements: line, aid: pie, requests: bar, requests_by_category: bar };
  function load(box, rank) {
    var url = box.dataset.url + (rank ? "&rank=" + encodeURIComponent(rank) : "");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        box.querySelectorAll(".gh-chart").forEach(function (el) {
          var name = el.dataset.chart;
          var found = data[name];
          if (!found) { if (name !== "requests_by_category") { el.closest(".col-xl-6, .col-12").hidden = true; } return; }
          if (!el.style.height || el.style.height === "0px") { el.style.height = "280px"; }
          var chart = echarts.getInstanceByDom(el) || echarts.init(el);
          if (name === "ranking") {
            el.style.height = Math.max(200, 24 * found.labels.length + 40) + "px";
            chart.resize();
            bar(chart, found, true);
            chart.off("click");
            chart.on("click", function (p) { if (found.links[p.dataIndex]) { window.location = found.links[p.dataIndex]; } });
          } else {
            drawers[name](chart, found, false);
          }
        });
      });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("charts");
    if (!box || typeof echarts === "undefined") { return; }
    load(box, "");
    var pick = document.getElementById("rank-indicator");
    if (pick) { pick.addEventListener("change", function () { load(box, pick.value); }); }
    window.addEventListener("resize", function () {
      box.querySelectorAll(".gh-chart").forEach(function (el) { var c = echarts.getInstanceByDom(el); if (c) { c.resize(); } });
    });
  });
})();
