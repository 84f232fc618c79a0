/* Target trajectories: actual values, the planned straight line and the projection to the target year. */
(function () {
  "use strict";
  if (typeof echarts === "undefined") return;
  const node = document.getElementById("trajectories");
  if (!node) return;
  const number = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });
  JSON.parse(node.textContent).forEach((item, index) => {
    const box = document.getElementById(`trajectory-${index}`);
    if (!box) return;
    const chart = echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: (v) => (v == null ? "–" : number.format(v)) },
      legend: { bottom: 0 },
      grid: { top: 10, bottom: 40, left: 60, right: 10 },
      xAxis: { type: "category", data: item.years },
      yAxis: { type: "value", scale: true, axisLabel: { formatter: (v) => number.format(v) } },
      series: [
        { name: "Thực hiện", type: "line", data: item.actual, connectNulls: true },
        { name: "Lộ trình kế hoạch", type: "line", data: item.plan, lineStyle: { type: "dashed" }, connectNulls: true },
        { name: "Xu hướng dự báo", type: "line", data: item.projection, lineStyle: { type: "dotted" }, connectNulls: true },
      ],
    });
  });
})();
