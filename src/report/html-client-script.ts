/**
 * The script report.html runs in the browser: builds the uPlot charts from the inlined data
 * (zoom by dragging, double-click to reset, values on hover in the legend), shades the warm-up,
 * marks the snapshots, draws the judged trend and the limit, and switches the x axis between time and cycles.
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
  /** Count ticks at whole numbers: 1, 2, 5, 10, … (no 2.5 handles). */
  var COUNT_INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000, 500000, 1000000];
  /**
   * Byte tick labels with as many decimals as the ticks need, so neighbours never read the same
   * (2.27 MiB ×3 on a flat external series): 8.25, 8.5, 8.75 MiB.
   */
  function fmtByteTicks(splits) {
    var top = 0;
    splits.forEach(function (v) { top = Math.max(top, Math.abs(v)); });
    var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'], i = 0;
    while (top >= Math.pow(1024, i + 1) && i < units.length - 1) i++;
    var exact = function (size, d) { return splits.every(function (v) { var x = (v / size) * Math.pow(10, d); return Math.abs(x - Math.round(x)) < 1e-6 * Math.max(1, Math.abs(x)); }); };
    // The largest unit that writes every tick exactly with at most 2 decimals (8.25 MiB; 2,336 KiB rather than 2.2813 MiB).
    for (; i > 0; i--) {
      var size = Math.pow(1024, i);
      for (var d = 0; d <= 2; d++) {
        if (exact(size, d)) return splits.map(function (v) { return Number((v / size).toFixed(d)).toLocaleString('en-US') + ' ' + units[i]; });
      }
    }
    return splits.map(function (v) { return Math.round(v).toLocaleString('en-US') + ' B'; });
  }
  /**
   * A byte axis is scaled to the measured series in view, not to the trend or the limit (a
   * generous limit would squash the data flat; it runs off the top instead), and spans at least
   * 2% of its level (1 KiB at least), so a flat series is drawn flat, not as noise blown up.
   */
  function byteRange(u, min, max, spec, x) {
    var lo = Infinity, hi = -Infinity, x0 = u.scales.x.min, x1 = u.scales.x.max;
    spec.series.forEach(function (s, si) {
      if (s.kind || (u.series[si + 1] && u.series[si + 1].show === false)) return;
      s.values.forEach(function (v, i) {
        if (v == null || (x0 != null && (x[i] < x0 || x[i] > x1))) return;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      });
    });
    if (lo <= hi) { min = lo; max = hi; }
    if (min == null || max == null) return [min, max];
    var span = max - min, least = Math.max(1024, 0.02 * Math.abs(max));
    if (span < least) { var mid = (min + max) / 2; min = mid - least / 2; max = mid + least / 2; span = least; }
    return [min - 0.05 * span, max + 0.05 * span];
  }
  /** The last drawn value of a series: what its legend shows while the cursor is off the chart. */
  function lastValue(values) {
    for (var i = values.length - 1; i >= 0; i--) if (values[i] != null) return values[i];
    return null;
  }
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
  /** The limit over the judged window: from the judged trend's level at its start, rising maxGrowthPerCycle a cycle. */
  function limitValues(role, limit) {
    if (!limit) return null;
    return role.cycle.map(function (c) {
      return c >= limit.fromCycle && c <= limit.toCycle ? limit.start + limit.perCycle * (c - limit.fromCycle) : null;
    });
  }
  function signedBytes(v) { return (v >= 0 ? '+' : '') + fmtBytes(v); }

  function chartSpecs(role) {
    var specs = [];
    var gc = role.postGc ? 'post-GC ' : '';
    ['heapUsed', 'external'].forEach(function (key) {
      var series = [{ label: gc + key, stroke: COLORS[key], values: role.memory[key] }];
      var t = role.trend[key];
      var trend = trendValues(role, t);
      var raw = t && t.rawSlope != null ? '; raw ' + signedBytes(t.rawSlope) + '/cycle incl. V8 code' : '';
      if (trend) series.push({ label: 'judged trend (' + signedBytes(t.slope) + '/cycle' + raw + ')', stroke: '#000', dash: [6, 4], values: trend, kind: 'trend' });
      var limit = limitValues(role, role.limit && role.limit[key]);
      if (limit) series.push({ label: 'limit (' + signedBytes(role.limit[key].perCycle) + '/cycle)', stroke: '#c00', dash: [2, 4], width: 2, values: limit, kind: 'limit' });
      specs.push({ id: key + '-' + role.key, title: role.title + ': ' + gc + key + (role.postGc ? ' (judged)' : ''), fmt: fmtBytes, series: series });
    });
    var all = KEYS.map(function (key) { return { label: gc + key, stroke: COLORS[key], values: role.memory[key] }; });
    if (role.beforeGc) KEYS.forEach(function (key) {
      all.push({ label: key + ' before GC', stroke: COLORS[key], dash: [2, 3], show: false, values: role.beforeGc[key] });
    });
    specs.push({ id: 'memory-' + role.key, title: role.title + ': every memory series (click a legend entry to show or hide it)', fmt: fmtBytes, series: all });
    specs.push({
      id: 'handles-' + role.key, title: role.title + ': active handles by type and process listeners', fmt: fmtCount, handles: true,
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
          scales: spec.handles
            ? { x: { time: false }, y: { range: function (u, min, max) { return [Math.min(0, min), Math.max(1, Math.ceil(max * 1.1))]; } } }
            : { x: { time: false }, y: { range: function (u, min, max) { return byteRange(u, min, max, spec, x); } } },
          cursor: { sync: { key: 'soak-' + role.key }, drag: { x: true, y: false } },
          plugins: [overlays(role)],
          axes: [
            { label: xMode === 'time' ? 'time since start (h:mm:ss)' : 'cycles', incrs: xMode === 'time' ? TIME_INCRS : undefined, values: function (u, splits) { return splits.map(fmtTick); } },
            spec.handles
              ? { size: 80, label: 'count', incrs: COUNT_INCRS, values: function (u, splits) { return splits.map(fmtCount); } }
              : { size: 80, incrs: BYTE_INCRS, values: function (u, splits) { return fmtByteTicks(splits); } },
          ],
          series: [{ label: xMode === 'time' ? 'time' : 'cycle', value: function (u, v, si, idx) { return fmtX(idx == null ? lastValue(x) : v); } }].concat(spec.series.map(function (s) {
            // Off the chart the legend shows each series' last value, not "—".
            return { label: s.label, stroke: s.stroke, width: s.width || 1.5, dash: s.dash, show: s.show !== false, spanGaps: false, points: { show: false }, value: function (u, v, si, idx) { return spec.fmt(idx == null ? lastValue(s.values) : v); } };
          })),
        };
        var plot = new uPlot(opts, [x].concat(spec.series.map(function (s) { return s.values; })), el);
        var points = spec.series.reduce(function (n, s) { return n + s.values.filter(function (v) { return v != null; }).length; }, 0);
        el.setAttribute('data-points', String(points));
        charts.push({ id: spec.id, title: spec.title, points: points, plot: plot, el: el, series: spec.series.map(function (s) { return { label: s.label, kind: s.kind || 'data' }; }) });
      });
    });
    document.querySelectorAll('[data-x-mode]').forEach(function (b) { b.setAttribute('aria-pressed', String(b.getAttribute('data-x-mode') === xMode)); });
    // For people poking at the page and for the browser test: what each chart holds and shows.
    window.__soakReport = {
      ready: true,
      xMode: xMode,
      charts: charts.map(function (c) { return { id: c.id, title: c.title, points: c.points, series: c.series }; }),
      /** The y axis tick labels a chart drew (uPlot keeps them on the axis). */
      yTicks: function (id) {
        var c = charts.filter(function (c) { return c.id === id; })[0];
        return c ? (c.plot.axes[1]._values || []).slice() : null;
      },
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
