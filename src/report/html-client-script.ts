/**
 * The script report.html runs in the browser: builds the uPlot charts from the inlined data
 * (zoom by dragging, double-click to reset, values on hover in the legend), shades the warm-up,
 * marks the snapshots, draws the fitted trend, and switches the x axis between time and cycles.
 * Plain ES2017 in a string, because it runs in the page, not in Node.
 */
export const HTML_CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('soak-data').textContent);
  var COLORS = { heapUsed: '#d62728', heapTotal: '#ff7f0e', external: '#1f77b4', arrayBuffers: '#17becf', rss: '#7f7f7f' };
  var HANDLE_COLORS = ['#9467bd', '#8c564b', '#e377c2', '#2ca02c', '#bcbd22', '#17becf', '#1f77b4', '#ff7f0e', '#7f7f7f'];
  var KEYS = ['heapUsed', 'heapTotal', 'external', 'arrayBuffers', 'rss'];
  var CHART_HEIGHT_PX = 260;
  var xMode = 'time';
  var charts = [];

  function fmtBytes(v) {
    if (v == null || !isFinite(v)) return '—';
    var a = Math.abs(v), units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'], i = 0;
    while (a >= 1024 && i < units.length - 1) { a /= 1024; i++; }
    // As src/format/units.ts's formatBytes writes them: up to three significant digits, no trailing zeros.
    var n = String(Number(a >= 100 || i === 0 ? a.toFixed(0) : a >= 10 ? a.toFixed(1) : a.toFixed(2)));
    return (v < 0 ? '-' : '') + n + ' ' + units[i];
  }
  function fmtCount(v) { return v == null || !isFinite(v) ? '—' : (Math.round(v * 100) / 100).toLocaleString('en-US'); }
  function fmtSeconds(s) {
    if (s == null || !isFinite(s)) return '—';
    var neg = s < 0; s = Math.abs(s);
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    var ss = (sec < 10 ? '0' : '') + (Number.isInteger(sec) ? sec : sec.toFixed(1));
    return (neg ? '-' : '') + (h ? h + ':' + (m < 10 ? '0' : '') + m + ':' + ss : m + ':' + ss);
  }
  function fmtX(v) { return v == null ? '—' : xMode === 'time' ? fmtSeconds(v) : fmtCount(Math.round(v)); }
  /** Tick labels stay short so they do not run into each other: 1.25M, 250k. */
  function fmtTick(v) {
    if (xMode === 'time') return fmtSeconds(v);
    var a = Math.abs(v);
    if (a >= 1e6) return +(v / 1e6).toFixed(2) + 'M';
    if (a >= 1e4) return +(v / 1e3).toFixed(1) + 'k';
    return fmtCount(v);
  }
  /** Time ticks at whole seconds, minutes and hours rather than 0:01.5. */
  var TIME_INCRS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
  /** Byte ticks at round binary sizes (8 MiB, 8.5 MiB) rather than 8.11 MiB. */
  var BYTE_INCRS = [];
  [1, 1024, 1048576, 1073741824].forEach(function (unit) {
    [1, 2, 4, 8, 16, 32, 64, 128, 256, 512].forEach(function (m) { BYTE_INCRS.push(m * unit); });
  });
  function xOf(role) { return xMode === 'time' ? role.t : role.cycle; }

  /** Shades the warm-up (not judged) and marks each heap snapshot. */
  function overlays(role) {
    return {
      hooks: {
        drawClear: [function (u) {
          var end = xMode === 'time' ? role.warmup.seconds : role.warmup.cycle;
          var min = u.scales.x.min, max = u.scales.x.max;
          if (min == null || end <= min) return;
          var x0 = u.bbox.left, x1 = u.valToPos(Math.min(end, max), 'x', true);
          var ctx = u.ctx;
          ctx.save();
          ctx.fillStyle = 'rgba(128,128,128,0.16)';
          ctx.fillRect(x0, u.bbox.top, Math.max(0, x1 - x0), u.bbox.height);
          ctx.fillStyle = '#666';
          ctx.font = (11 * uPlot.pxRatio) + 'px sans-serif';
          ctx.fillText('warm-up (not judged)', x0 + 4 * uPlot.pxRatio, u.bbox.top + 12 * uPlot.pxRatio);
          ctx.restore();
        }],
        draw: [function (u) {
          var ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = '#2a7';
          ctx.fillStyle = '#2a7';
          ctx.setLineDash([4 * uPlot.pxRatio, 3 * uPlot.pxRatio]);
          ctx.font = (11 * uPlot.pxRatio) + 'px sans-serif';
          role.snapshots.forEach(function (s) {
            var v = xMode === 'time' ? s.seconds : s.cycle;
            if (v < u.scales.x.min || v > u.scales.x.max) return;
            var x = Math.round(u.valToPos(v, 'x', true));
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.fillText('snapshot ' + s.label, x + 3 * uPlot.pxRatio, u.bbox.top + u.bbox.height - 4 * uPlot.pxRatio);
          });
          ctx.restore();
        }],
      },
    };
  }

  function trendValues(role, trend) {
    if (!trend) return null;
    return role.cycle.map(function (c) {
      return c >= trend.fromCycle && c <= trend.toCycle ? trend.intercept + trend.slope * c : null;
    });
  }

  function chartSpecs(role) {
    var specs = [];
    var gc = role.postGc ? 'post-GC ' : '';
    ['heapUsed', 'external'].forEach(function (key) {
      var series = [{ label: gc + key, stroke: COLORS[key], values: role.memory[key] }];
      var trend = trendValues(role, role.trend[key]);
      if (trend) series.push({ label: 'fitted trend (' + fmtBytes(role.trend[key].slope) + '/cycle)', stroke: '#000', dash: [6, 4], values: trend });
      specs.push({ id: key + '-' + role.role, title: role.role + ': ' + gc + key + (role.postGc ? ' (judged)' : ''), fmt: fmtBytes, series: series });
    });
    var all = KEYS.map(function (key) { return { label: gc + key, stroke: COLORS[key], values: role.memory[key] }; });
    if (role.beforeGc) KEYS.forEach(function (key) {
      all.push({ label: key + ' before GC', stroke: COLORS[key], dash: [2, 3], show: false, values: role.beforeGc[key] });
    });
    specs.push({ id: 'memory-' + role.role, title: role.role + ': every memory series (click a legend entry to show or hide it)', fmt: fmtBytes, series: all });
    specs.push({
      id: 'handles-' + role.role, title: role.role + ': active handles by type and process listeners', fmt: fmtCount, handles: true,
      series: role.handles.series.map(function (s, i) { return { label: s.name, stroke: HANDLE_COLORS[i % HANDLE_COLORS.length], values: s.values }; }),
    });
    return specs;
  }

  function build() {
    charts.forEach(function (c) { c.plot.destroy(); });
    charts = [];
    data.roles.forEach(function (role) {
      chartSpecs(role).forEach(function (spec) {
        var el = document.getElementById('chart-' + spec.id);
        if (!el) return;
        var x = spec.handles ? (xMode === 'time' ? role.handles.t : role.handles.cycle) : xOf(role);
        var opts = {
          title: spec.title,
          width: Math.max(320, el.clientWidth),
          height: CHART_HEIGHT_PX,
          scales: { x: { time: false } },
          cursor: { sync: { key: 'soak-' + role.role }, drag: { x: true, y: false } },
          plugins: [overlays(role)],
          axes: [
            { label: xMode === 'time' ? 'time since start (h:mm:ss)' : 'cycles', incrs: xMode === 'time' ? TIME_INCRS : undefined, values: function (u, splits) { return splits.map(fmtTick); } },
            { size: 80, incrs: spec.fmt === fmtBytes ? BYTE_INCRS : undefined, values: function (u, splits) { return splits.map(spec.fmt); } },
          ],
          series: [{ label: xMode === 'time' ? 'time' : 'cycle', value: function (u, v) { return fmtX(v); } }].concat(spec.series.map(function (s) {
            return { label: s.label, stroke: s.stroke, width: 1.5, dash: s.dash, show: s.show !== false, spanGaps: false, points: { show: false }, value: function (u, v) { return spec.fmt(v); } };
          })),
        };
        var plot = new uPlot(opts, [x].concat(spec.series.map(function (s) { return s.values; })), el);
        var points = spec.series.reduce(function (n, s) { return n + s.values.filter(function (v) { return v != null; }).length; }, 0);
        el.setAttribute('data-points', String(points));
        charts.push({ id: spec.id, title: spec.title, points: points, plot: plot, el: el });
      });
    });
    document.querySelectorAll('[data-x-mode]').forEach(function (b) { b.setAttribute('aria-pressed', String(b.getAttribute('data-x-mode') === xMode)); });
    // For people poking at the page and for the browser test: what each chart holds and shows.
    window.__soakReport = {
      ready: true,
      xMode: xMode,
      charts: charts.map(function (c) { return { id: c.id, title: c.title, points: c.points }; }),
      xRange: function (id) {
        var c = charts.filter(function (c) { return c.id === id; })[0];
        return c ? { min: c.plot.scales.x.min, max: c.plot.scales.x.max } : null;
      },
    };
  }

  document.querySelectorAll('[data-x-mode]').forEach(function (b) {
    b.addEventListener('click', function () { xMode = b.getAttribute('data-x-mode'); build(); });
  });
  var resizeTimer = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { charts.forEach(function (c) { c.plot.setSize({ width: Math.max(320, c.el.clientWidth), height: CHART_HEIGHT_PX }); }); }, 150);
  });
  build();
})();
`;
