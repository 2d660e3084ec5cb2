/* The dashboard's charts (plans/templates/plans/partials/): each [data-chart] element is drawn with ECharts
   (static/vendor/echarts/) from the JSON island named by its data-source, which json_script wrote from the
   same rows as the HTML table beside it. No text is written here: titles, month and series names come in
   the island. Kinds: "progress" (cumulative line against the pace line), "bar" (ranked horizontal bars of
   the first column), "stack" (columns stacked), "map" (Chongqing's districts, matched by code). */
(function () {
  "use strict";
  if (!window.echarts) return;
  var FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif';
  var INK = "#1d2733", MUTED = "#5d6b7a", LINE = "#d9e0e7", ACCENT = "#1f5fa8", BRAND = "#b3261e";
  var PALETTE = [ACCENT, "#e08a1e", "#1e7a3c", "#8c4bb0", "#5d6b7a", BRAND];
  var ROW_HEIGHT = 26;
  var maps = {};
  var charts = [];

  function narrow() { return window.matchMedia("(max-width: 720px)").matches; }

  function progressOption(d) {
    return {
      grid: {left: 8, right: 16, top: 28, bottom: 8, containLabel: true},
      legend: {top: 0, left: 0, itemWidth: 18, textStyle: {color: MUTED}},
      tooltip: {trigger: "axis"},
      xAxis: {type: "category", data: d.months, boundaryGap: false, axisLabel: {color: MUTED}},
      yAxis: {type: "value", min: 0, splitLine: {lineStyle: {color: LINE}}, axisLabel: {color: MUTED}},
      series: [
        {name: d.names.actual, type: "line", data: d.actual, connectNulls: false, symbolSize: 6,
         lineStyle: {color: ACCENT, width: 2.5}, itemStyle: {color: ACCENT}},
        {name: d.names.pace, type: "line", data: d.pace, symbol: "none",
         lineStyle: {type: "dashed", color: MUTED, width: 1.5}, itemStyle: {color: MUTED}}
      ]
    };
  }

  function labelsOf(d) { return d.rows.map(function (r) { return r.label; }); }

  function rowColour(d, row, colour) {
    return d.highlight && row.code === d.highlight ? BRAND : colour;
  }

  function barOption(d) {
    var rows = d.rows.slice().reverse();  // ECharts draws the first category at the bottom
    return {
      grid: {left: 8, right: 48, top: 8, bottom: 8, containLabel: true},
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      xAxis: {type: "value", splitLine: {lineStyle: {color: LINE}}, axisLabel: {color: MUTED}},
      yAxis: {type: "category", data: labelsOf({rows: rows}), axisLabel: {color: INK, width: narrow() ? 90 : 200, overflow: "truncate"}},
      series: [{
        name: d.columns[0], type: "bar", barMaxWidth: 18,
        data: rows.map(function (r) { return {value: r.values[0], itemStyle: {color: rowColour(d, r, ACCENT)}}; }),
        label: {show: true, position: "right", color: INK}
      }]
    };
  }

  function stackOption(d) {
    var rows = d.rows.slice().reverse();
    return {
      grid: {left: 8, right: 24, top: 32, bottom: 8, containLabel: true},
      legend: {top: 0, left: 0, textStyle: {color: MUTED}},
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      xAxis: {type: "value", splitLine: {lineStyle: {color: LINE}}, axisLabel: {color: MUTED}},
      yAxis: {type: "category", data: labelsOf({rows: rows}), axisLabel: {color: INK, width: narrow() ? 90 : 200, overflow: "truncate"}},
      series: d.columns.map(function (name, i) {
        return {name: name, type: "bar", stack: "all", barMaxWidth: 22, itemStyle: {color: PALETTE[i % PALETTE.length]},
                data: rows.map(function (r) { return r.values[i]; })};
      })
    };
  }

  function mapOption(d, geo) {
    var names = {};
    geo.features.forEach(function (f) { names[f.properties.code] = f.properties.name; });
    var values = d.rows.map(function (r) { return r.values[0]; });
    var top = Math.max.apply(null, values.concat([1]));
    return {
      tooltip: {trigger: "item", formatter: function (p) { return p.name + "<br>" + d.columns[0] + " " + (p.value == null || isNaN(p.value) ? "—" : p.value); }},
      visualMap: {min: 0, max: top, text: [String(top), "0"], calculable: false, left: 0, bottom: 0,
                  orient: narrow() ? "horizontal" : "vertical", itemHeight: narrow() ? 100 : 120,
                  inRange: {color: ["#e5eef9", ACCENT]}, textStyle: {color: MUTED}},
      series: [{
        name: d.columns[0], type: "map", map: "chongqing", roam: false, selectedMode: false,
        layoutCenter: ["50%", "50%"], layoutSize: "98%",
        label: {show: false}, emphasis: {label: {show: true}},
        itemStyle: {borderColor: "#fff", borderWidth: 0.6},
        data: d.rows.filter(function (r) { return names[r.code]; }).map(function (r) {
          var item = {name: names[r.code], value: r.values[0]};
          if (d.highlight && r.code === d.highlight) item.itemStyle = {borderColor: BRAND, borderWidth: 2.5};
          return item;
        })
      }]
    };
  }

  function height(kind, d, width) {
    if (kind === "progress") return 220;
    if (kind === "map") return Math.round(Math.min(560, Math.max(300, width * 0.8)));
    return d.rows.length * ROW_HEIGHT + (kind === "stack" ? 48 : 24);
  }

  function loadMap(url) {
    if (!maps[url]) {
      maps[url] = fetch(url, {credentials: "same-origin"}).then(function (r) {
        if (!r.ok) throw new Error("map " + r.status);
        return r.json();
      }).then(function (geo) { window.echarts.registerMap("chongqing", geo); return geo; });
    }
    return maps[url];
  }

  function draw(el) {
    var island = document.getElementById(el.dataset.source);
    if (!island) return;
    var d = JSON.parse(island.textContent), kind = el.dataset.chart;
    el.style.height = height(kind, d, el.clientWidth || 600) + "px";
    var option = kind === "progress" ? progressOption(d) : kind === "stack" ? stackOption(d) : kind === "bar" ? barOption(d) : null;
    var ready = option ? Promise.resolve(option) : loadMap(el.dataset.mapUrl).then(function (geo) { return mapOption(d, geo); });
    return ready.then(function (opt) {
      opt.textStyle = {fontFamily: FONT};
      opt.animation = false;
      var chart = window.echarts.init(el, null, {renderer: "svg"});
      chart.setOption(opt);
      charts.push(chart);
      el.classList.add("is-drawn");
      el.dataset.drawn = "true";
    }).catch(function () { el.classList.add("is-failed"); el.style.height = ""; });
  }

  function resizeAll() { charts.forEach(function (c) { c.resize(); }); }

  document.querySelectorAll("[data-chart]").forEach(draw);
  if (window.ResizeObserver) {
    var pending = null;
    new ResizeObserver(function () {
      if (pending) cancelAnimationFrame(pending);
      pending = requestAnimationFrame(resizeAll);
    }).observe(document.body);
  } else {
    window.addEventListener("resize", resizeAll);
  }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
})();
