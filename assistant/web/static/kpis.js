/*
 * Comptoir compliance KPIs (assistant/web/static/kpis.js), loaded by templates/compliance/kpis.html after Chart.js
 * (chart.umd.min.js, served from this server).
 *
 * Plain ES2020, no build step. It reads the figures the page was rendered with (the JSON in #kpi-figures, the
 * same as /compliance/kpis.json gives for that period) and draws one chart per canvas:
 * conversations per day, hand-over reasons, ratings, redactions by kind, answer time and wait for an agent.
 * Charts are drawn on canvases; any text put in the page (status, labels) is set with textContent or
 * setAttribute, never as HTML.
 *
 * Test hooks: [data-kpis][data-charts="drawn"] once every chart is drawn; the status line is
 * [data-testid="charts-status"] (data-level="error" on a failure); each canvas has a data-testid.
 */
(() => {
  "use strict";

  // How each hand-over reason is named: one table on the server (escalation/policy.py), given in the page.
  const REASONS = new Map(Object.entries(JSON.parse(document.getElementById("reason-labels")?.textContent || "{}")));

  const root = document.querySelector("[data-kpis]");
  if (!root) return;
  const status = root.querySelector("[data-testid='charts-status']");

  function say(text, level) {
    status.textContent = text;
    if (level) status.dataset.level = level;
    else delete status.dataset.level;
  }

  if (typeof window.Chart !== "function") {
    say("The charts could not be drawn: the chart library did not load.", "error");
    return;
  }

  const style = getComputedStyle(document.documentElement);
  const colour = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  const INK = colour("--ink", "#1d2a22");
  const BRAND = colour("--brand", "#1f4d3a");
  const HOT = colour("--hot", "#a2331f");
  const MUTED = colour("--muted", "#5d6b63");
  const LINE = colour("--line", "#ddd6c8");

  Chart.defaults.animation = false;
  Chart.defaults.color = INK;
  Chart.defaults.borderColor = LINE;
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

  function bars(name, labels, values, options = {}) {
    const canvas = root.querySelector(`canvas[data-testid='chart-${name}']`);
    const summary = labels.map((label, i) => `${label}: ${values[i] === null ? "no data" : values[i]}`).join("; ");
    canvas.setAttribute("aria-label", `${canvas.getAttribute("aria-label")}. ${summary || "No data in this period."}`);
    const horizontal = options.horizontal === true;
    const valueAxis = { beginAtZero: true, ticks: { precision: options.whole ? 0 : undefined } };
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels,
        datasets: [{ label: options.label || "", data: values, backgroundColor: options.colours || BRAND }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: true,
        aspectRatio: options.aspectRatio || 1.6,
        indexAxis: horizontal ? "y" : "x",
        plugins: { legend: { display: false } },
        scales: horizontal ? { x: valueAxis } : { y: valueAxis },
      },
    });
  }

  function draw(kpis) {
    const perDay = kpis.conversations_per_day.value;
    bars("conversations-per-day", perDay.map((d) => d.day), perDay.map((d) => d.conversations),
      { label: "conversations", whole: true, aspectRatio: 3.5 });

    const reasons = Object.entries(kpis.handover_reasons.value);
    bars("handover-reasons", reasons.map(([reason]) => REASONS.get(reason) || reason.replace(/_/g, " ")),
      reasons.map(([, count]) => count), { label: "conversations", whole: true, horizontal: true, colours: HOT });

    const ratings = kpis.ratings.value;
    bars("ratings", ["thumbs up", "thumbs down"], [ratings.up, ratings.down],
      { label: "ratings", whole: true, colours: [BRAND, HOT] });

    const redactions = Object.entries(kpis.redactions.value);
    bars("redactions", redactions.map(([kind]) => kind), redactions.map(([, count]) => count),
      { label: "values", whole: true, colours: MUTED });

    const latency = kpis.answer_latency.value;
    bars("latency", ["median", "95th percentile"], [latency.p50_ms, latency.p95_ms], { label: "ms" });

    const wait = kpis.agent_wait.value;
    bars("wait", ["median", "95th percentile"], [wait.median_seconds, wait.p95_seconds],
      { label: "seconds", colours: HOT });
  }

  // The page carries the figures it shows (the same as /compliance/kpis.json): no second computation.
  function load() {
    const embedded = document.getElementById("kpi-figures");
    let kpis = null;
    try {
      kpis = JSON.parse(embedded ? embedded.textContent : "null");
    } catch (error) {
      kpis = null;
    }
    if (!kpis) {
      say("The charts could not be drawn: the page holds no figures.", "error");
      return;
    }
    draw(kpis);
    say("");
    root.dataset.charts = "drawn";
  }

  load();
})();
