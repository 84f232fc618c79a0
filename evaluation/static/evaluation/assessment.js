// The self-assessment's running total: the scores typed so far ("8", "2,5", "1.5") summed into
// #tong-diem as the person types, so the total is in view (a sticky bar) on a phone. The saved
// total comes from the server; this only previews it. A value that is not a number counts 0.
(function () {
  "use strict";
  var inputs = document.querySelectorAll("input[data-score]");
  var total = document.getElementById("tong-diem");
  if (!inputs.length || !total) return;
  function read(text) {
    var value = (text || "").trim().replace(/\s/g, "");
    if (!value) return 0;
    if (value.indexOf(",") >= 0) value = value.replace(/\./g, "").replace(",", ".");
    var number = Number(value);
    return isFinite(number) ? number : 0;
  }
  function show(number) {
    var text = (Math.round(number * 100) / 100).toFixed(2).replace(/\.?0+$/, "");
    return text.replace(".", ",");
  }
  function update() {
    var sum = 0;
    inputs.forEach(function (input) { sum += read(input.value); });
    total.textContent = show(sum);
  }
  inputs.forEach(function (input) { input.addEventListener("input", update); });
})();
