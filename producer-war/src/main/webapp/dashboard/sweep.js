/**
 * A sweep's result under its run's row: one table row per rate (the probe first) with what the
 * target achieved, its latencies and goodput, the knee marked; and a throughput-vs-latency plot
 * (x: achieved throughput, y: TTFT p99 and end-to-end p50), drawn as SVG from elements, never
 * from markup strings.
 */
const SVG = 'http://www.w3.org/2000/svg';
const num = v => v === undefined || v === null || Number.isNaN(Number(v)) ? '–'
  : Number(v) >= 100 ? Number(v).toFixed(0) : Number(v).toFixed(1);

const COLUMNS = [
  ['rate', 'Rate /s', s => s.rate], ['sent', 'Sent /s', s => s.sent_rate], ['throughput', 'Throughput /s', s => s.throughput],
  ['ttft-p50', 'TTFT p50', s => s.ttft_ms?.p50], ['ttft-p99', 'TTFT p99', s => s.ttft_ms?.p99],
  ['itl-p50', 'ITL p50', s => s.itl_ms?.p50], ['itl-p99', 'ITL p99', s => s.itl_ms?.p99],
  ['e2e-p50', 'E2E p50', s => s.e2e_ms?.p50], ['e2e-p99', 'E2E p99', s => s.e2e_ms?.p99],
  ['goodput', 'Goodput /s', s => s.goodput], ['requests', 'Requests', s => s.requests],
];

export function sweepView(sweep) {
  const box = document.createElement('div');
  box.className = 'sweep';
  const caption = document.createElement('p');
  caption.className = 'sweep-caption';
  caption.textContent = `Sweep: probe max ${num(sweep.max_rate)} req/s · knee `
    + (sweep.knee_rate === null || sweep.knee_rate === undefined ? '–' : `${num(sweep.knee_rate)} req/s`);
  caption.title = `knee: ${sweep.knee_rule}`;
  const table = document.createElement('table');
  table.className = 'grid sweep-table';
  const head = table.createTHead().insertRow();
  for (const label of ['', ...COLUMNS.map(c => c[1]), 'State']) {
    const th = document.createElement('th');
    th.textContent = label;
    head.append(th);
  }
  const body = table.createTBody();
  const rows = [['probe', sweep.probe], ...sweep.steps.map((s, i) => [`rate ${i + 1}`, s])].filter(([, s]) => s);
  for (const [label, s] of rows) {
    const tr = body.insertRow();
    tr.className = s.knee ? 'knee' : s.state === 'done' && label !== 'probe' && !s.kept_up ? 'behind' : '';
    const name = tr.insertCell();
    name.textContent = s.knee ? `${label} ◆ knee` : label;
    for (const [key, , value] of COLUMNS) {
      const td = tr.insertCell();
      td.className = `sweep-metric ${key}`;
      td.textContent = key === 'requests' ? String(value(s) ?? 0) : num(value(s));
    }
    const state = tr.insertCell();
    state.className = 'sweep-state';
    state.textContent = label === 'probe' || s.state !== 'done' ? s.state : s.kept_up ? 'kept up' : 'fell behind';
  }
  box.append(caption, table, plot(sweep));
  return box;
}

/** Achieved throughput against TTFT p99 (solid) and end-to-end p50 (dashed), the knee ringed. */
function plot(sweep) {
  const w = 420, h = 180, left = 48, bottom = 24, top = 22, right = 10;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  svg.setAttribute('class', 'sweep-plot');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'throughput against latency, one point per rate');
  const done = sweep.steps.filter(s => s.state === 'done' && s.throughput !== null && s.e2e_ms);
  const series = [['ttft', s => s.ttft_ms?.p99, ''], ['e2e', s => s.e2e_ms?.p50, '5 3']];
  const xs = done.map(s => s.throughput), ys = done.flatMap(s => series.map(([, f]) => f(s) ?? 0));
  const xMax = Math.max(1, ...xs) * 1.05, yMax = Math.max(1, ...ys) * 1.1;
  const x = v => left + v / xMax * (w - left - right), y = v => h - bottom - v / yMax * (h - bottom - top);
  const el = (name, attrs, text) => {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    svg.append(e);
    return e;
  };
  el('line', { x1: left, y1: h - bottom, x2: w - right, y2: h - bottom, class: 'axis' });
  el('line', { x1: left, y1: top, x2: left, y2: h - bottom, class: 'axis' });
  for (const f of [0.5, 1]) {
    el('text', { x: left - 4, y: y(yMax * f / 1.1) + 4, 'text-anchor': 'end' }, `${num(yMax * f / 1.1)} ms`);
    el('text', { x: x(xMax * f / 1.05), y: h - bottom + 14, 'text-anchor': 'middle' }, `${num(xMax * f / 1.05)}/s`);
  }
  el('text', { x: w - right, y: 12, 'text-anchor': 'end', class: 'legend-text' }, '— TTFT p99 · - - E2E p50 vs achieved req/s');
  for (const [key, f, dash] of series) {
    const points = done.filter(s => f(s) !== undefined && f(s) !== null).map(s => `${x(s.throughput)},${y(f(s))}`);
    if (points.length) el('polyline', { points: points.join(' '), class: `line ${key}`, 'stroke-dasharray': dash });
    for (const s of done) {
      if (f(s) === undefined || f(s) === null) continue;
      el('circle', { cx: x(s.throughput), cy: y(f(s)), r: s.knee ? 5 : 2.5, class: `dot ${key}${s.knee ? ' knee' : ''}` });
    }
  }
  return svg;
}
