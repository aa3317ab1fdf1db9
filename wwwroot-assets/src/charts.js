// Charts (issue 15): Chart.js 4, drawn from the typed spec Platform.Web's ChartView sends. Only the kinds the platform
// offers are registered, so the bundle carries no more of Chart.js than they need. A chart is kept per canvas and
// updated in place when its spec changes; the server disposes it with its component.
import {
  Chart,
  LineController,
  BarController,
  DoughnutController,
  LineElement,
  PointElement,
  BarElement,
  ArcElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
} from "chart.js";

Chart.register(LineController, BarController, DoughnutController, LineElement, PointElement, BarElement, ArcElement, CategoryScale, LinearScale, Legend, Tooltip);

const charts = new WeakMap();

export function draw(canvas, spec) {
  const config = configOf(spec);
  const existing = charts.get(canvas);
  if (existing && existing.config.type === config.type) {
    existing.data = config.data;
    existing.options = config.options;
    existing.update();
    return;
  }
  if (existing) {
    existing.destroy();
  }
  charts.set(canvas, new Chart(canvas, config));
  canvas.dataset.drawn = "true";
}

export function dispose(canvas) {
  const chart = charts.get(canvas);
  if (chart) {
    chart.destroy();
    charts.delete(canvas);
  }
}

// The number of data points the chart on a canvas shows (for tests and diagnostics).
export function points(canvas) {
  const chart = charts.get(canvas);
  return chart ? chart.data.datasets.reduce((n, d) => n + d.data.length, 0) : -1;
}

function configOf(spec) {
  const type = spec.kind === "stackedBar" ? "bar" : spec.kind;
  const stacked = spec.kind === "stackedBar";
  const { colors, text, grid, surface } = spec.theme;
  const datasets = spec.series.map((series, i) => {
    const color = colors[i % colors.length];
    if (type === "doughnut") {
      return { label: series.name, data: series.values, backgroundColor: spec.labels.map((_, j) => colors[j % colors.length]), borderColor: surface };
    }
    return { label: series.name, data: series.values, backgroundColor: color, borderColor: color, borderWidth: 2, pointRadius: 2, tension: 0.25 };
  });
  const axis = { stacked, ticks: { color: text }, grid: { color: grid } };
  return {
    type,
    data: { labels: spec.labels, datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      locale: spec.locale,
      plugins: { legend: { display: datasets.length > 1 || type === "doughnut", labels: { color: text } } },
      scales: type === "doughnut" ? {} : { x: axis, y: { ...axis, beginAtZero: true, ticks: { color: text, precision: 0 } } },
    },
  };
}
