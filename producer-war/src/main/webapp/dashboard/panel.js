import { TimeChart } from './chart.js';

const SOLID = [], DASHED = [6, 4], DOTTED = [2, 3];

/**
 * The live charts, fed by the engine's per-second `second` messages (exact counts and the
 * percentiles of the requests that completed in that second). Each chart: which values of a
 * `second` message it draws, and with which dash.
 */
const CHARTS = [
  { id: 'requests', title: 'Requests/s', note: '— completed · - - offered', lines: [
    { label: 'completed', value: m => m.requests, dash: SOLID },
    { label: 'offered', value: m => m.offered, dash: DASHED }] },
  { id: 'tokens', title: 'Output tokens/s', note: 'from usage, else counted chunks', lines: [
    { label: 'output tok/s', value: m => m.output_tokens, dash: SOLID }] },
  { id: 'ttft', title: 'TTFT', unit: ' ms', note: '— p50 · - - p95 (send → first chunk with content)', lines: [
    { label: 'p50', value: m => m.ttft_ms?.p50, dash: SOLID },
    { label: 'p95', value: m => m.ttft_ms?.p95, dash: DASHED }] },
  { id: 'e2e', title: 'End-to-end latency', unit: ' ms', note: '— p50 · - - p95 · ··· p99', lines: [
    { label: 'p50', value: m => m.e2e_ms?.p50, dash: SOLID },
    { label: 'p95', value: m => m.e2e_ms?.p95, dash: DASHED },
    { label: 'p99', value: m => m.e2e_ms?.p99, dash: DOTTED }] },
  { id: 'itl', title: 'Inter-token latency', unit: ' ms', note: '— p50 · - - p95 (gaps between content chunks)', lines: [
    { label: 'p50', value: m => m.itl_ms?.p50, dash: SOLID },
    { label: 'p95', value: m => m.itl_ms?.p95, dash: DASHED }] },
  { id: 'errors', title: 'Errors/s', lines: [
    { label: 'errors', value: m => m.errors, dash: SOLID }] },
  { id: 'inflight', title: 'In-flight', note: 'requests open at the end of each second', lines: [
    { label: 'in-flight', value: m => m.in_flight, dash: SOLID }] },
  { id: 'lag', title: 'Schedule lag', unit: ' ms', note: '— p50 · ··· p99 (actual − planned send time; over 10 ms the producer is the bottleneck)', lines: [
    { label: 'lag p50', value: m => m.lag_ms?.p50, dash: SOLID },
    { label: 'lag p99', value: m => m.lag_ms?.p99, dash: DOTTED }] },
];

export class Panel {
  /** Builds the charts into `root`; `legend` lists the runs with their colours. */
  constructor(root, legend) {
    this.legend = legend;
    this.charts = CHARTS.map(spec => {
      const figure = document.createElement('figure');
      figure.className = 'chart';
      figure.dataset.chart = spec.id;
      const head = document.createElement('figcaption');
      const title = document.createElement('b');
      title.textContent = spec.title;
      const max = document.createElement('span');
      max.className = 'max';
      const note = document.createElement('small');
      note.textContent = spec.note ?? '';
      head.append(title, ' ', max, ' ', note);
      const canvas = document.createElement('canvas');
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `${spec.title}, last 120 seconds`);
      figure.append(head, canvas);
      root.append(figure);
      return { spec, chart: new TimeChart(canvas, { unit: spec.unit ?? '' }), max };
    });
    this.runs = new Map(); // run id → {name, colour}
  }

  /** One `second` message of run `id`, drawn in `colour` (a CSS custom property name). */
  add(id, name, colour, m, now = Date.now()) {
    this.runs.set(id, { name, colour });
    for (const { spec, chart } of this.charts) {
      for (const line of spec.lines) {
        chart.add(`${id}|${line.label}`, { label: `${name} ${line.label}`, colour, dash: line.dash }, line.value(m), now);
      }
    }
  }

  /** Drops a run's lines (reset). */
  forget(id) {
    this.runs.delete(id);
    this.charts.forEach(({ chart }) => chart.forget(`${id}|`));
  }

  draw(now = Date.now()) {
    for (const { spec, chart, max } of this.charts) {
      chart.draw(now);
      max.textContent = chart.max ? `max ${format(chart.max)}${spec.unit ?? ''}` : '';
      max.dataset.value = String(chart.max);
    }
    const entries = [...this.runs.values()].map(({ name, colour }) => {
      const li = document.createElement('li');
      const key = document.createElement('span');
      key.className = 'key';
      key.style.background = `var(${colour})`;
      li.append(key, name);
      return li;
    });
    this.legend.replaceChildren(...entries);
  }

  /** The highest value of chart `id` in the window, e.g. for the page's headline numbers. */
  max(id) {
    return this.charts.find(c => c.spec.id === id)?.chart.max ?? 0;
  }
}

const format = v => v >= 100 || Number.isInteger(v) ? Math.round(v).toString() : v.toFixed(1);
