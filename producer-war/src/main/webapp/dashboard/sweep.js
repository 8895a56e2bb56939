/**
  * A sweep's result under its run's row: one table row per rate (the probe first) with what the
  * target achieved, its latencies and goodput, the knee marked; and a throughput-vs-latency plot
  * (x: achieved throughput, y: TTFT p99 and end-to-end p50) drawn with uPlot: hover for each
  * point's values. Built from elements, never from markup strings.
  */
import { h } from '../dom.js';
import { num } from '../format.js';
import { plot, line, colour } from '../charts/plot.js';

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
    box.append(caption, table, plotView(sweep));
    return box;
}

/**
  * Achieved throughput (x) against TTFT p99 and end-to-end p50, one point per rate that ran,
  * in order of throughput; the knee is the ringed point of its own series.
  */
function plotView(sweep) {
    const figure = h('figure', { class: 'chart sweep-plot', 'data-chart': 'sweep', role: 'img',
        'aria-label': 'throughput against latency, one point per rate' },
    h('figcaption', {}, h('b', { text: 'Throughput vs latency' }), ' ', h('small', { text: 'one point per rate · ◆ knee' })),
    h('div', { class: 'plot' }));
    const done = sweep.steps.filter(s => s.state === 'done' && s.throughput !== null && s.throughput !== undefined && s.e2e_ms)
        .sort((a, b) => a.throughput - b.throughput);
    figure.dataset.points = String(done.length);
    const knee = done.find(s => s.knee);
    if (knee) figure.dataset.knee = String(knee.throughput);
    // drawn once it is in the page: uPlot measures its box
    requestAnimationFrame(() => {
        const view = plot(figure, { x: { unit: 'req/s' }, xLabel: 'throughput', unit: 'ms', series: [
            line({ label: 'TTFT p99', colour: '--accent', unit: 'ms', points: true }),
            line({ label: 'E2E p50', colour: '--c1', dash: [6, 4], unit: 'ms', points: true }),
            { ...line({ label: 'knee', colour: '--good', unit: 'ms', width: 0 }),
                points: { show: true, size: 14, width: 2, stroke: () => colour('--good'), fill: 'transparent' } },
        ] });
        view.set([done.map(s => s.throughput), done.map(s => s.ttft_ms?.p99 ?? null), done.map(s => s.e2e_ms?.p50 ?? null),
            done.map(s => (s.knee ? s.ttft_ms?.p99 ?? null : null))]);
    });
    return figure;
}
