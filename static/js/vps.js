/* Servers area: statistics graphs (uPlot, vendored), range switching, the VPS status badge
   refreshed when an operation on the page ends. No inline scripts: the CSP forbids them. */
(function () {
  "use strict";

  var PALETTE = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#d63384", "#20c997"];
  var charts = [];

  // Words and numbers in the page's language: the strings come from the panel's JavaScript
  // catalogue (/i18n/js/, loaded by base.html); without it they stay English.
  var LANG = document.documentElement.lang || "en";
  var pgettext = window.pgettext || function (context, text) { return text; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\(\w+\)s/g, function (match) { return values[match.slice(2, -2)]; });
  };
  function numberFormat(digits) {
    try { return new Intl.NumberFormat(LANG, { minimumFractionDigits: digits, maximumFractionDigits: digits }); }
    catch (error) { return new Intl.NumberFormat("en", { minimumFractionDigits: digits, maximumFractionDigits: digits }); }
  }
  var NUMBER = [numberFormat(0), numberFormat(1)];

  function si(value) {
    if (value === null || value === undefined || isNaN(value)) { return "—"; }
    var abs = Math.abs(value);
    var units = [
      [1e12, pgettext("number with a suffix", "%(number)sT")],
      [1e9, pgettext("number with a suffix", "%(number)sG")],
      [1e6, pgettext("number with a suffix", "%(number)sM")],
      [1e3, pgettext("number with a suffix", "%(number)sk")]
    ];
    for (var i = 0; i < units.length; i++) {
      if (abs >= units[i][0]) {
        var scaled = NUMBER[abs >= units[i][0] * 100 ? 0 : 1].format(value / units[i][0]);
        return interpolate(units[i][1], { number: scaled }, true);
      }
    }
    return NUMBER[abs >= 100 || value === Math.round(value) ? 0 : 1].format(value);
  }

  function bytes(value) {
    if (value === null || value === undefined || isNaN(value)) { return "—"; }
    var units = [
      pgettext("file size", "%(number)s B"),
      pgettext("file size", "%(number)s KB"),
      pgettext("file size", "%(number)s MB"),
      pgettext("file size", "%(number)s GB"),
      pgettext("file size", "%(number)s TB"),
      pgettext("file size", "%(number)s PB")
    ];
    var unit = 0;
    while (Math.abs(value) >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
    return interpolate(units[unit], { number: NUMBER[unit ? 1 : 0].format(value) }, true);
  }

  // Every value with its unit (data-unit on the chart, from vps/stats.py FIELD_UNITS), on the
  // axis and in the tooltip: "18 %", "1.42 GB", "60.1 KB/s", "128,000", "41 /s".
  function withUnit(unit) {
    var plain = function (value) {
      if (value === null || value === undefined || isNaN(value)) { return "—"; }
      return NUMBER[Math.abs(value) >= 100 || value === Math.round(value) ? 0 : 1].format(value);
    };
    switch (unit) {
      case "percent":
        return function (v) { return v === null || v === undefined || isNaN(v) ? "—" : interpolate(pgettext("graph unit", "%(number)s %%"), { number: plain(v) }, true); };
      case "megabytes":
        return function (v) { return bytes(v === null || v === undefined ? v : v * 1024 * 1024); };
      case "bytes_per_second":
        return function (v) { return v === null || v === undefined || isNaN(v) ? "—" : interpolate(pgettext("graph unit", "%(size)s/s"), { size: bytes(v) }, true); };
      case "per_second":
        return function (v) { return v === null || v === undefined || isNaN(v) ? "—" : interpolate(pgettext("graph unit", "%(number)s ops/s"), { number: plain(v) }, true); };
      case "count":
        return plain;
      default:
        return si;
    }
  }

  // Dates on the graphs: in the page's language and the member's time zone (uPlot's own labels
  // are English with a 12-hour clock).
  function dateFormats(timezone) {
    function make(options) {
      try { return new Intl.DateTimeFormat(LANG, Object.assign({ timeZone: timezone }, options)); }
      catch (error) { return new Intl.DateTimeFormat(LANG, options); }  // a zone the browser does not know
    }
    return {
      time: make({ hour: "2-digit", minute: "2-digit" }),
      day: make({ day: "numeric", month: "short" }),
      month: make({ month: "short", year: "numeric" }),
      date: make({ day: "numeric", month: "short", year: "numeric" }),
      full: make({ day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" })
    };
  }

  function timeAxis(formats) {
    return function (u, splits, axisIndex, space, increment) {
      var lastDay = null;
      return splits.map(function (ts) {
        if (ts === null || ts === undefined) { return ""; }
        var when = new Date(ts * 1e3);
        if (increment >= 28 * 86400) { return formats.month.format(when); }
        var day = formats.day.format(when);
        if (increment >= 86400) { return day; }
        var label = formats.time.format(when);
        if (day !== lastDay) { label += "\n" + day; lastDay = day; }
        return label;
      });
    };
  }

  function legendDate(format) {
    return function (u, ts) { return ts === null || ts === undefined ? "—" : format.format(new Date(ts * 1e3)); };
  }

  function colour(value, index) {
    return /^#[0-9a-fA-F]{6}$/.test(value || "") ? value : PALETTE[index % PALETTE.length];
  }

  function message(box, text, isError) {
    var note = box.querySelector(".stat-chart-message");
    if (!note) {
      note = document.createElement("div");
      note.className = "stat-chart-message small text-body-secondary";
      box.appendChild(note);
    }
    note.textContent = text;  // text only: a message never becomes markup
    note.classList.toggle("is-error", !!isError);
    note.hidden = !text;
  }

  // Data from the cache while Fornex fails: drawn, and said so under the chart.
  function staleNote(box, text) {
    var note = box.parentNode.querySelector(".stat-chart-stale");
    if (!note) { return; }
    note.textContent = text || "";  // text only, as message()
    note.hidden = !text;
  }

  function forget(box) {
    charts = charts.filter(function (item) {
      if (item.box === box) { item.chart.destroy(); return false; }
      return true;
    });
  }

  function draw(box, options, data) {
    forget(box);
    options.width = Math.max(box.clientWidth, 240);
    var chart = new window.uPlot(options, data, box);
    chart.root.setAttribute("data-testid", "chart-canvas");
    charts.push({ box: box, chart: chart });
    box.setAttribute("data-drawn", "true");
  }

  function drawStats(box, payload, timezone) {
    var format = withUnit(box.getAttribute("data-unit"));
    if (!payload.x.length) {
      var container = box.closest("[data-stat-charts]");
      forget(box);
      message(box, container.getAttribute(payload.outside ? "data-msg-outside" : "data-msg-empty"));
      return;
    }
    var formats = dateFormats(timezone);
    var series = [{ value: legendDate(formats.full) }];
    var data = [payload.x];
    payload.series.forEach(function (item, index) {
      var stroke = colour(item.color, index);
      var area = /area/.test(item.type || "");
      series.push({
        label: item.name,
        stroke: stroke,
        width: 1.5,
        fill: area ? stroke + "22" : undefined,
        spanGaps: false,
        value: function (u, v) { return format(v); }
      });
      data.push(item.values);
    });
    message(box, "");
    draw(box, {
      height: 220,
      tzDate: function (ts) { return window.uPlot.tzDate(new Date(ts * 1e3), timezone); },
      series: series,
      axes: [{ values: timeAxis(formats) }, { size: 84, values: function (u, values) { return values.map(format); } }],
      scales: { y: { range: function (u, min, max) { return [Math.min(0, min), max > 0 ? max * 1.05 : 1]; } } },
      cursor: { drag: { x: true, y: false } }
    }, data);
  }

  function loadStats(container, box) {
    var query = container.getAttribute("data-query") || "";
    var timezone = container.getAttribute("data-timezone") || "UTC";
    box.classList.add("is-loading");
    if (!box.getAttribute("data-drawn")) { message(box, container.getAttribute("data-msg-loading")); }
    fetch(box.getAttribute("data-src") + (query ? "?" + query : ""), {
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json();
    }).then(function (payload) {
      box.classList.remove("is-loading");
      staleNote(box, payload.stale ? payload.stale_note : "");
      if (payload.error) { forget(box); box.removeAttribute("data-drawn"); message(box, payload.error, true); return; }
      drawStats(box, payload, timezone);
    }).catch(function () {
      box.classList.remove("is-loading");
      message(box, container.getAttribute("data-msg-failed"), true);
    });
  }

  function loadAll(container) {
    container.querySelectorAll(".stat-chart[data-src]").forEach(function (box) { loadStats(container, box); });
  }

  function setRange(container, query) {
    container.setAttribute("data-query", query);
    document.querySelectorAll("[data-stat-presets] [data-range]").forEach(function (link) {
      link.classList.toggle("active", link.getAttribute("data-range") === query);
    });
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "?" + query + "#stats");
    }
    loadAll(container);
  }

  function drawTraffic(box) {
    var source = document.getElementById(box.getAttribute("data-inline"));
    if (!source) { return; }
    var payload = JSON.parse(source.textContent);
    var bars = window.uPlot.paths && window.uPlot.paths.bars;
    function barSeries(label, stroke, align) {
      return {
        label: label, stroke: stroke, fill: stroke + "cc", width: 0,
        paths: bars ? bars({ size: [0.4, 40], align: align }) : undefined,
        value: function (u, v) { return bytes(v); }
      };
    }
    var formats = dateFormats("UTC");  // Fornex counts traffic per calendar day
    draw(box, {
      height: 240,
      tzDate: function (ts) { return window.uPlot.tzDate(new Date(ts * 1e3), "UTC"); },
      series: [{ value: legendDate(formats.date) },
        barSeries(box.getAttribute("data-label-in"), "#0d6efd", -1),
        barSeries(box.getAttribute("data-label-out"), "#198754", 1)],
      axes: [{ values: timeAxis(formats) }, { size: 70, values: function (u, values) { return values.map(bytes); } }],
      // Half a day of room on either side, so the first and last days' bars are drawn whole.
      scales: {
        x: { time: true, range: function (u, min, max) { return [min - 43200, max + 43200]; } },
        y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.05 : 1]; } }
      }
    }, [payload.x, payload.input, payload.output]);
  }

  function start() {
    if (!window.uPlot) { return; }
    var container = document.querySelector("[data-stat-charts]");
    if (container) {
      loadAll(container);
      document.addEventListener("click", function (event) {
        var link = event.target.closest && event.target.closest("[data-stat-presets] [data-range]");
        if (!link) { return; }
        event.preventDefault();
        setRange(container, link.getAttribute("data-range"));
      });
      var form = document.querySelector("form[data-stat-range]");
      if (form) {
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          var start = form.elements.start.value;
          var end = form.elements.end.value;
          if (!start || !end) { return; }
          setRange(container, "start=" + encodeURIComponent(start) + "&end=" + encodeURIComponent(end));
        });
      }
    }
    document.querySelectorAll(".stat-chart[data-inline]").forEach(drawTraffic);
    var resizing = null;
    window.addEventListener("resize", function () {
      clearTimeout(resizing);
      resizing = setTimeout(function () {
        charts.forEach(function (item) {
          item.chart.setSize({ width: Math.max(item.box.clientWidth, 240), height: item.chart.height });
        });
      }, 150);
    });
  }

  // When an operation shown on the VPS page reaches its final state, read the power state again.
  var refreshedFor = {};
  document.addEventListener("htmx:afterSwap", function () {
    var status = document.getElementById("vps-status");
    if (!status || !window.htmx) { return; }
    document.querySelectorAll("#operations [data-testid=op-status]").forEach(function (element) {
      var state = element.getAttribute("data-state");
      if (["done", "failed", "unknown"].indexOf(state) === -1 || refreshedFor[element.id]) { return; }
      refreshedFor[element.id] = true;
      window.htmx.ajax("GET", status.getAttribute("data-status-url"), { target: "#vps-status", swap: "innerHTML" });
      if (document.getElementById("vps-jobs")) {
        // The jobs table was drawn when the page loaded: show how this job ended there too.
        window.htmx.ajax("GET", window.location.pathname, { target: "#vps-jobs", select: "#vps-jobs", swap: "outerHTML" });
      }
    });
  });

  // Reinstall page: say what the chosen option is next to the button that erases the disk.
  function summarizeReinstall(input) {
    if (!input.matches || !input.matches("form[data-reinstall-form] input[name=choice]")) { return; }
    var summary = input.form.querySelector("[data-reinstall-summary]");
    if (!summary) { return; }
    summary.textContent = summary.getAttribute("data-template").replace("%(name)s", input.getAttribute("data-name"));
    summary.classList.add("fw-semibold");
  }
  document.addEventListener("change", function (event) { summarizeReinstall(event.target); });
  document.addEventListener("DOMContentLoaded", function () {
    // A form shown again after an error keeps its choice: say it again.
    document.querySelectorAll("form[data-reinstall-form] input[name=choice]:checked").forEach(summarizeReinstall);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
