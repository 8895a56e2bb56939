import { h } from '../dom.js';
import { num } from '../format.js';
import { plot, line } from '../charts/plot.js';

const SOLID = [], DASHED = [6, 4], DOTTED = [2, 3], DASH_DOT = [8, 3, 2, 3];
const ENDPOINT_DASHES = [SOLID, DASHED, DOTTED, DASH_DOT];
const WINDOW = 120;

/**
  * The live charts, fed by the engine's per-second `second` messages (exact counts and the
  * percentiles of the requests that completed in that second, and the target's own numbers when
  * it serves a /metrics page). A series is one value of one run: its colour is the run's, its
  * dash the value's, so p50/p95/p99 of one card read as one family. `lines` of a chart say which
  * values of a message it draws; the server charts find theirs in the message's `signals`.
  */
const CHARTS = [
    { id: 'requests', title: 'Requests/s', note: 'completed · offered', lines: [
        { label: 'completed', value: m => m.requests, dash: SOLID },
        { label: 'offered', value: m => m.offered, dash: DASHED }] },
    { id: 'tokens', title: 'Output tokens/s', note: 'from usage, else counted chunks', lines: [
        { label: 'output tok/s', value: m => m.output_tokens, dash: SOLID }] },
    { id: 'ttft', title: 'TTFT', unit: 'ms', note: 'send → first chunk with content', lines: [
        { label: 'p50', value: m => m.ttft_ms?.p50, dash: SOLID },
        { label: 'p95', value: m => m.ttft_ms?.p95, dash: DASHED }] },
    { id: 'e2e', title: 'End-to-end latency', unit: 'ms', lines: [
        { label: 'p50', value: m => m.e2e_ms?.p50, dash: SOLID },
        { label: 'p95', value: m => m.e2e_ms?.p95, dash: DASHED },
        { label: 'p99', value: m => m.e2e_ms?.p99, dash: DOTTED }] },
    { id: 'itl', title: 'Inter-token latency', unit: 'ms', note: 'gaps between content chunks', lines: [
        { label: 'p50', value: m => m.itl_ms?.p50, dash: SOLID },
        { label: 'p95', value: m => m.itl_ms?.p95, dash: DASHED }] },
    { id: 'errors', title: 'Errors/s', lines: [
        { label: 'errors', value: m => m.errors, dash: SOLID }] },
    { id: 'inflight', title: 'In-flight', note: 'requests open at the end of each second (client)', lines: [
        { label: 'in-flight', value: m => m.in_flight, dash: SOLID }] },
    { id: 'lag', title: 'Schedule lag', unit: 'ms', note: 'actual − planned send time; over 10 ms the producer is the bottleneck', lines: [
        { label: 'lag p50', value: m => m.lag_ms?.p50, dash: SOLID },
        { label: 'lag p99', value: m => m.lag_ms?.p99, dash: DOTTED }] },
    { id: 'server-load', title: 'Server: requests running · waiting', server: true,
        note: 'the target\'s /metrics: vLLM num_requests_running / waiting, or the balancer\'s in-flight per endpoint' },
    { id: 'server-kv', title: 'Server: KV cache', unit: '%', server: true, note: 'vllm:kv_cache_usage_perc' },
    { id: 'server-rate', title: 'Server: answers/s per endpoint', server: true, note: 'the balancer\'s requests and failures per endpoint' },
];

/** Which server chart a signal key goes to, its label and dash, its value as drawn; null: not drawn. */
export function signalLine(key, endpoints) {
    const [family, endpoint] = key.split(/\/(.*)/s);
    const dash = () => {
        if (!endpoints.includes(endpoint)) endpoints.push(endpoint);
        return ENDPOINT_DASHES[endpoints.indexOf(endpoint) % ENDPOINT_DASHES.length];
    };
    switch (family) {
        case 'vllm:num_requests_running': return { chart: 'server-load', label: 'running', dash: SOLID };
        case 'vllm:num_requests_waiting': return { chart: 'server-load', label: 'waiting', dash: DASHED };
        case 'vllm:kv_cache_usage_perc': return { chart: 'server-kv', label: 'KV cache', dash: SOLID, scale: 100 };
        case 'lb_endpoint_inflight': return { chart: 'server-load', label: `in-flight ${endpoint}`, dash: dash() };
        case 'lb_endpoint_requests_per_second': return { chart: 'server-rate', label: `req/s ${endpoint}`, dash: dash() };
        case 'lb_endpoint_failures_per_second': return { chart: 'server-rate', label: `failures/s ${endpoint}`, dash: dash(), width: 1 };
        default: return null;
    }
}

export class Panel {
    /** Builds the charts into `root`; `legend` lists the runs with their colours. */
    constructor(root, legend) {
        this.legend = legend;
        this.endpoints = [];
        this.charts = CHARTS.map(spec => {
            const max = h('span', { class: 'max' });
            const figure = h('figure', { class: 'chart', 'data-chart': spec.id, role: 'img',
                'aria-label': `${spec.title}, last ${WINDOW} seconds` },
            h('figcaption', {}, h('b', { text: spec.unit ? `${spec.title} (${spec.unit})` : spec.title }), ' ', max, ' ', h('small', { text: spec.note ?? '' })),
            h('div', { class: 'plot' }));
            if (spec.server) figure.hidden = true;
            root.append(figure);
            return { spec, figure, max, series: new Map(), view: null, keys: '', peak: 0 };
        });
        this.runs = new Map(); // run id → {name, colour}
    }

    /** One `second` message of run `id`, drawn in `colour` (a CSS custom property name). */
    add(id, name, colour, m, now = Date.now()) {
        this.runs.set(id, { name, colour });
        const second = Math.floor(now / 1000);
        for (const chart of this.charts) {
            for (const l of chart.spec.lines ?? []) this.point(chart, `${id}|${l.label}`, { ...l, label: `${name} ${l.label}`, colour }, second, l.value(m));
        }
        for (const [key, value] of Object.entries(m.signals?.values ?? {})) {
            const l = signalLine(key, this.endpoints);
            if (!l) continue;
            const chart = this.charts.find(c => c.spec.id === l.chart);
            this.point(chart, `${id}|${key}`, { ...l, label: `${name} ${l.label}`, colour }, second, value * (l.scale ?? 1));
        }
    }

    point(chart, key, { label, colour, dash, width }, second, value) {
        let s = chart.series.get(key);
        if (!s) { s = { label, colour, dash, width, points: new Map() }; chart.series.set(key, s); }
        if (value !== null && value !== undefined && Number.isFinite(Number(value))) s.points.set(second, Number(value));
        for (const t of s.points.keys()) if (t <= second - WINDOW) s.points.delete(t);
    }

    /** Drops a run's lines (reset). */
    forget(id) {
        this.runs.delete(id);
        for (const chart of this.charts) for (const key of [...chart.series.keys()]) if (key.startsWith(`${id}|`)) chart.series.delete(key);
    }

    draw(now = Date.now()) {
        // from the oldest point kept (at least the last 30 s, at most 120 s), so a young run fills the width
        const end = Math.floor(now / 1000) - 1;
        let oldest = end - 29;
        for (const chart of this.charts) for (const s of chart.series.values()) for (const t of s.points.keys()) oldest = Math.min(oldest, t);
        const first = Math.max(end - WINDOW + 1, oldest);
        const xs = Array.from({ length: end - first + 1 }, (_, i) => first + i);
        for (const chart of this.charts) {
            const live = [...chart.series.entries()].filter(([, s]) => s.points.size);
            chart.figure.hidden = !!chart.spec.server && !live.length;
            let peak = 0;
            for (const [, s] of live) for (const [t, v] of s.points) if (t >= first && t <= end) peak = Math.max(peak, v);
            chart.peak = peak;
            chart.max.textContent = peak ? `max ${num(peak)}${chart.spec.unit ? ` ${chart.spec.unit}` : ''}` : '';
            chart.max.dataset.value = String(peak);
            if (chart.figure.hidden) continue;
            const keys = live.map(([k]) => k).join('\n');
            if (keys !== chart.keys || !chart.view) this.rebuild(chart, live);
            chart.view.set([xs, ...live.map(([, s]) => xs.map(t => s.points.get(t) ?? null))]);
        }
        this.legend.replaceChildren(...[...this.runs.values()].map(({ name, colour }) =>
            h('li', {}, h('span', { class: 'key', style: `background: var(${colour})` }), name)));
    }

    /** A new set of series: a new plot, keeping which series the user had hidden. */
    rebuild(chart, live) {
        const hidden = new Set();
        if (chart.view) {
            chart.view.u.series.forEach((s, i) => { if (i && !s.show) hidden.add(s.label); });
            chart.view.destroy();
        }
        chart.keys = live.map(([k]) => k).join('\n');
        chart.view = plot(chart.figure, { unit: chart.spec.unit ?? '', series: live.map(([, s]) =>
            line({ label: s.label, colour: s.colour, dash: s.dash, width: s.width, unit: chart.spec.unit, show: !hidden.has(s.label) })) });
    }

    /** A theme switch: the next draw builds every chart anew, so the legends' markers take the new colours too. */
    retheme() {
        for (const chart of this.charts) chart.keys = '';
    }

    /** The highest value of chart `id` in the window, e.g. for the page's headline numbers. */
    max(id) {
        return this.charts.find(c => c.spec.id === id)?.peak ?? 0;
    }
}
