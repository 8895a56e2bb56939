/**
 * Runs side by side, from the engine's GET api/runs/compare: one row per metric, one column per
 * run, each run after the first with its difference against the first (absolute and %),
 * coloured better or worse; then the runs' per-second series overlaid, one SVG chart per
 * metric, x = seconds since each run started. Built from elements, never from markup strings.
 */
const SVG = 'http://www.w3.org/2000/svg';
const num = v => v === undefined || v === null || Number.isNaN(Number(v)) ? '–'
  : Math.abs(Number(v)) >= 100 ? Number(v).toFixed(0) : Math.abs(Number(v)) >= 1 ? Number(v).toFixed(1) : Number(v).toFixed(3);
const signed = v => (v > 0 ? '+' : v < 0 ? '−' : '±') + num(Math.abs(v));

const LABELS = {
  request_throughput: 'Throughput', output_throughput: 'Output tokens', ttft_p50_ms: 'TTFT p50', ttft_p99_ms: 'TTFT p99',
  itl_p50_ms: 'ITL p50', itl_p99_ms: 'ITL p99', e2e_p50_ms: 'E2E p50', e2e_p99_ms: 'E2E p99', error_rate: 'Error rate',
  goodput: 'Goodput',
};

/** Per-second series the page kept for each run (from its `second` messages), overlaid. */
export const SERIES = [
  { id: 'requests', title: 'Requests/s', value: s => s.requests },
  { id: 'tokens', title: 'Output tokens/s', value: s => s.output_tokens },
  { id: 'ttft', title: 'TTFT p50', unit: 'ms', value: s => s.ttft_ms?.p50 },
  { id: 'e2e', title: 'E2E p50', unit: 'ms', value: s => s.e2e_ms?.p50 },
  { id: 'itl', title: 'ITL p50', unit: 'ms', value: s => s.itl_ms?.p50 },
];

const profileText = p => !p?.type ? '' : `${p.type} ${Object.entries(p).filter(([k]) => k !== 'type').map(([k, v]) => `${k} ${v}`).join(', ')}`;

/**
 * The comparison's view. `local(id)` gives what the page knows of a run: its colour (a CSS
 * custom property) and its per-second samples, or undefined for a run this page did not start.
 */
export function comparisonView(comparison, local = () => undefined) {
  const box = document.createElement('div');
  box.className = 'comparison';
  const table = document.createElement('table');
  table.className = 'grid compare-table';
  const head = table.createTHead().insertRow();
  const corner = document.createElement('th');
  corner.textContent = 'Metric';
  head.append(corner);
  comparison.runs.forEach((run, i) => {
    const th = document.createElement('th');
    th.className = 'compare-run';
    th.dataset.run = run.id;
    const colour = local(run.id)?.colour;
    if (colour) th.style.setProperty('--card', `var(${colour})`);
    const name = document.createElement('b');
    name.textContent = `${run.name ?? run.id}${i === 0 ? ' (baseline)' : ''}`;
    const target = document.createElement('small');
    target.textContent = `${run.base_url} · ${run.model ?? ''}`;
    const profile = document.createElement('small');
    profile.textContent = `${profileText(run.profile)} · ${run.requests} requests in ${num(run.duration_seconds)} s · ${run.state}`;
    th.append(name, target, profile);
    head.append(th);
  });
  const body = table.createTBody();
  for (const metric of comparison.metrics) {
    const tr = body.insertRow();
    tr.dataset.metric = metric.name;
    const label = tr.insertCell();
    label.textContent = `${LABELS[metric.name] ?? metric.name}${metric.unit ? ` (${metric.unit})` : ''}`;
    label.title = `${metric.better} is better`;
    for (const run of comparison.runs) {
      const td = tr.insertCell();
      td.className = 'compare-value';
      const value = document.createElement('span');
      value.className = 'value';
      value.textContent = num(run.metrics[metric.name]);
      td.append(value);
      const d = run.differences?.[metric.name];
      if (d && d.change) {
        const diff = document.createElement('span');
        diff.className = `diff ${d.change}`;
        diff.textContent = `${signed(d.absolute)}${d.percent === null || d.percent === undefined ? '' : ` (${signed(d.percent)} %)`}`;
        diff.title = `${d.change} than the baseline (${metric.better} is better)`;
        td.append(diff);
      }
    }
  }
  box.append(table, overlays(comparison, local));
  return box;
}

function overlays(comparison, local) {
  const charts = document.createElement('div');
  charts.className = 'compare-charts';
  const known = comparison.runs.map(run => ({ run, mine: local(run.id) })).filter(r => r.mine?.samples?.length);
  if (!known.length) {
    const p = document.createElement('p');
    p.className = 'compare-note';
    p.textContent = 'No per-second series: these runs were not started from this page (headless runs keep only their summary).';
    charts.append(p);
    return charts;
  }
  const legend = document.createElement('ul');
  legend.className = 'legend compare-legend';
  for (const { run, mine } of known) {
    const li = document.createElement('li');
    const key = document.createElement('span');
    key.className = 'key';
    key.style.background = `var(${mine.colour})`;
    li.append(key, run.name ?? run.id);
    legend.append(li);
  }
  charts.append(legend);
  for (const spec of SERIES) charts.append(chart(spec, known));
  return charts;
}

/** One metric of every run over its own elapsed time, in the run's colour. */
function chart(spec, known) {
  const w = 300, h = 140, left = 40, bottom = 18, top = 18, right = 8;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  svg.setAttribute('class', 'compare-chart');
  svg.dataset.chart = spec.id;
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${spec.title} of each run against seconds since it started`);
  const points = known.map(({ run, mine }) => ({ run, colour: mine.colour,
    xy: mine.samples.map(s => [s.elapsed_seconds, spec.value(s)]).filter(([t, v]) => t !== undefined && v !== null && v !== undefined) }));
  const xMax = Math.max(1, ...points.flatMap(p => p.xy.map(([t]) => t)));
  const yMax = Math.max(1e-9, ...points.flatMap(p => p.xy.map(([, v]) => v))) * 1.1;
  const x = t => left + t / xMax * (w - left - right), y = v => h - bottom - v / yMax * (h - bottom - top);
  const el = (name, attrs, text) => {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    svg.append(e);
    return e;
  };
  el('text', { x: left, y: 12, class: 'title' }, `${spec.title}${spec.unit ? ` (${spec.unit})` : ''}`);
  el('line', { x1: left, y1: h - bottom, x2: w - right, y2: h - bottom, class: 'axis' });
  el('line', { x1: left, y1: top, x2: left, y2: h - bottom, class: 'axis' });
  el('text', { x: left - 4, y: y(yMax / 1.1) + 4, 'text-anchor': 'end' }, num(yMax / 1.1));
  el('text', { x: left - 4, y: h - bottom + 4, 'text-anchor': 'end' }, '0');
  el('text', { x: w - right, y: h - 4, 'text-anchor': 'end' }, `${num(xMax)} s`);
  el('text', { x: left, y: h - 4, 'text-anchor': 'start' }, '0 s');
  for (const p of points) {
    if (!p.xy.length) continue;
    const line = el('polyline', { points: p.xy.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' '), class: 'line' });
    line.style.stroke = `var(${p.colour})`;
    line.dataset.run = p.run.id;
  }
  return svg;
}
