/**
  * Runs side by side, from the engine's GET api/runs/compare: one row per metric, one column per
  * run, each run after the first with its difference against the first (absolute and %),
  * coloured better or worse; then the runs' per-second series overlaid, one uPlot chart per
  * metric (hover, zoom, legend toggles), x = seconds since each run started. Built from
  * elements, never from markup strings.
  */
import { h } from '../dom.js';
import { num, signed } from '../format.js';
import { plot, line, join } from '../charts/plot.js';

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

/** One metric of every run over its own elapsed time, in the run's colour: uPlot, drawn once in the page. */
function chart(spec, known) {
    const figure = h('figure', { class: 'chart compare-chart', 'data-chart': spec.id, role: 'img',
        'aria-label': `${spec.title} of each run against seconds since it started` },
    h('figcaption', {}, h('b', { text: `${spec.title}${spec.unit ? ` (${spec.unit})` : ''}` })), h('div', { class: 'plot' }));
    const tables = known.map(({ mine }) => {
        const xy = mine.samples.map(s => [s.elapsed_seconds, spec.value(s)]).filter(([t]) => t !== undefined && t !== null)
            .sort((a, b) => a[0] - b[0]);
        return [xy.map(([t]) => t), xy.map(([, v]) => (v === undefined ? null : v))];
    });
    requestAnimationFrame(() => {
        const view = plot(figure, { x: { unit: 's' }, xLabel: 'since start', unit: spec.unit ?? '', height: 140,
            series: known.map(({ run, mine }) => ({ ...line({ label: run.name ?? run.id, colour: mine.colour, unit: spec.unit }), spanGaps: true })) });
        view.set(join(tables));
    });
    return figure;
}
