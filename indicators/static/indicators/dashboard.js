/* Dashboard charts (Apache ECharts, served locally). Data comes from json_script blocks. */
(function () {
  "use strict";
  if (typeof echarts === "undefined") return;
  const read = (id) => { const node = document.getElementById(id); return node ? JSON.parse(node.textContent) : null; };
  const charts = read("dashboard-charts");
  const map = read("dashboard-map");
  const number = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });
  const made = [];

  function chart(id, option, onClick) {
    const node = document.getElementById(id);
    if (!node) return;
    const instance = echarts.init(node, null, { renderer: "svg" });
    instance.setOption(Object.assign({ tooltip: { trigger: "axis", valueFormatter: (v) => (v == null ? "–" : number.format(v)) } }, option));
    if (onClick) instance.on("click", onClick);
    made.push(instance);
  }

  // A click on a chart point opens the list of organizations behind it (links per series and year).
  function follow(links) {
    return (params) => {
      const list = Array.isArray(links) ? links : (links || {})[params.seriesName];
      const url = (params.data && params.data.url) || (list && list[params.dataIndex]);
      if (url) window.location.href = url;
    };
  }

  function lines(series, stack) {
    return Object.entries(series).map(([name, data]) => ({ name, type: stack ? "bar" : "line", stack, data, smooth: false }));
  }

  if (charts) {
    const years = charts.years.map(String);
    const xAxis = { type: "category", data: years };
    const yAxis = { type: "value", axisLabel: { formatter: (v) => number.format(v) } };
    const links = charts.links || {};
    chart("chart-counts", { legend: {}, xAxis, yAxis, series: lines(charts.counts) }, follow(links.counts));
    chart("chart-members", { legend: {}, xAxis, yAxis, series: lines(charts.members) }, follow(links.members));
    chart("chart-revenue", { xAxis, yAxis, series: [{ type: "bar", data: charts.revenue }] }, follow(links.revenue));
    chart(
      "chart-fields",
      {
        tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: ["35%", "65%"], data: charts.by_field.map((f) => ({ name: f.label, value: f.value, url: f.url })) }],
      },
      follow(null)
    );
    if (charts.ratings) chart("chart-ratings", { legend: {}, xAxis, yAxis, series: lines(charts.ratings, "rating") }, follow(links.ratings));
  }

  if (map && map.points.length) {
    const max = Math.max(...map.points.map((p) => p.value[2]));
    chart(
      "chart-map",
      {
        tooltip: { trigger: "item", formatter: (p) => `${p.data.name}: ${number.format(p.data.value[2])}` },
        xAxis: { type: "value", scale: true, name: "kinh độ", axisLabel: { formatter: (v) => v.toFixed(2) } },
        yAxis: { type: "value", scale: true, name: "vĩ độ", axisLabel: { formatter: (v) => v.toFixed(2) } },
        series: [{
          type: "scatter",
          data: map.points,
          symbolSize: (value) => 6 + 34 * Math.sqrt(value[2] / max),
          itemStyle: { color: "rgba(13,110,253,0.55)", borderColor: "#0d6efd" },
          label: { show: map.points.length <= 40, position: "right", formatter: (p) => p.data.name, fontSize: 10 },
        }],
      },
      follow(null)
    );
  }
  window.addEventListener("resize", () => made.forEach((c) => c.resize()));
})();
