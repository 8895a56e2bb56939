import { $, h } from '../dom.js';
import { num } from '../format.js';
import { download } from '../dashboard/download.js';
import { engineUrl } from '../live/channel.js';
import { sweepView } from '../dashboard/sweep.js';
import * as runs from './runs.js';

/**
  * The runs table: one row per run, newest first (while running: the last second; once ended:
  * the run's averages), with its SLO badges, the engine's self-check, and under it a details row
  * (errors by kind, requests by endpoint, the target's signals note, a sweep's table and plot).
  */
const SLO_NAMES = { ttft_p95_ms: 'TTFT p95', e2e_p95_ms: 'E2E p95', error_rate: 'errors' };
const KEYS = ['name', 'state', 'rps', 'tps', 'ttft-p50', 'ttft-p95', 'e2e-p50', 'e2e-p95', 'e2e-p99', 'itl-p50', 'tpot-p50', 'errors', 'inflight'];
/** run id → {stamp, view}: a sweep's view is kept while its numbers stay the same, so hovering it is not cut short. */
const sweeps = new Map();

/** `on.select()` after a tick for comparison, `on.histogram(run)` to show a run's histograms. */
export function renderRuns(on) {
    const rows = runs.all().reverse().map(run => {
        const s = run.summary ?? {}, sec = run.second ?? {};
        const live = run.state === 'running';
        const inFlight = sec.in_flight ?? (s.offered !== undefined && s.requests !== undefined ? Math.max(0, s.offered - s.requests) : '–');
        const cells = [run.name, run.state, live ? sec.requests ?? 0 : num(s.requests_per_second),
            live ? sec.output_tokens ?? 0 : num(s.output_tokens_per_second),
            num(s.ttft_ms?.p50), num(s.ttft_ms?.p95), num(s.e2e_ms?.p50), num(s.e2e_ms?.p95), num(s.e2e_ms?.p99),
            num(s.itl_ms?.p50), num(s.tpot_ms?.p50), s.errors ?? 0, live ? inFlight : 0];
        const tr = h('tr', { 'data-run': run.id }, cells.map((v, i) => h('td', { class: `metric ${KEYS[i]}`, text: v })),
            sloCell(s), engineCell(s.self_check), actions(run, on));
        tr.firstChild.style.setProperty('--card', `var(${run.colour})`);
        const details = detailsRow(run, s, tr.cells.length);
        return details ? [tr, details] : [tr];
    });
    for (const id of [...sweeps.keys()]) if (!runs.get(id)) sweeps.delete(id);
    $('runs').tBodies[0].replaceChildren(...rows.flat());
}

function sloCell(s) {
    const td = h('td', { class: 'slo' });
    for (const [k, v] of Object.entries(s.slo ?? {})) {
        td.append(h('span', { class: `badge ${v.pass ? 'pass' : 'fail'}`, title: `${k}: measured ${num(v.measured)}, threshold ${v.threshold}`,
            text: `${SLO_NAMES[k] ?? k} ${v.pass ? '✓' : '✗'}` }), ' ');
    }
    if (s.goodput !== undefined && Object.keys(s.slo ?? {}).length) td.append(h('span', { class: 'goodput', text: `goodput ${num(s.goodput)}/s` }));
    return td;
}

function actions(run, on) {
    const td = h('td', { class: 'run-actions' });
    if (run.summary?.histograms && Object.keys(run.summary.histograms).length) {
        td.append(h('button', { type: 'button', class: 'show-histograms', title: 'latency histograms of this run',
            text: 'Hist.', onclick: () => on.histogram(run) }), ' ');
    }
    if (run.state === 'running') return td;
    const pick = h('input', { type: 'checkbox', class: 'compare-select', title: 'select for comparison', 'aria-label': `compare ${run.name}` });
    pick.checked = runs.isSelected(run.id);
    pick.addEventListener('change', () => { runs.select(run.id, pick.checked); on.select(); });
    const json = h('button', { type: 'button', class: 'export-summary', title: 'download the run summary as JSON', text: 'JSON',
        onclick: () => download(`summary-${run.name}-${run.id}.json`, 'application/json',
            JSON.stringify({ id: run.id, card: run.name, state: run.state, summary: run.summary }, null, 2)) });
    const report = h('a', { class: 'report button', target: '_blank', text: 'Report',
        href: engineUrl(`api/runs/${encodeURIComponent(run.id)}/report`).toString(),
        title: 'a self-contained HTML report of the run (?format=json: in vLLM bench\'s field names, with the server signals)' });
    td.append(pick, ' ', json, ' ', report);
    return td;
}

/** The engine's self-check: a warning badge when the producer itself is the bottleneck. */
function engineCell(check) {
    const td = h('td', { class: 'engine' });
    if (!check) return td;
    if (check.client_bottleneck) td.append(h('span', { class: 'badge fail bottleneck', title: check.warning ?? '', text: '⚠ client bottleneck' }), ' ');
    const rate = check.requested_rate === null || check.requested_rate === undefined
        ? `${num(check.achieved_rate)}/s` : `${num(check.achieved_rate)} of ${num(check.requested_rate)}/s`;
    td.append(h('span', { class: 'self-check', text: `${rate} · lag p99 ${num(check.schedule_lag_ms?.p99)} ms · CPU ${num(check.engine_cpu_percent)} %`,
        title: `sent ${rate}; schedule lag p50 ${num(check.schedule_lag_ms?.p50)} ms, p99 ${num(check.schedule_lag_ms?.p99)} ms; `
            + `engine threads ${num(check.engine_cpu_percent)} % and whole process ${num(check.process_cpu_percent)} % of one of ${check.cpus} CPUs` }));
    return td;
}

/** Errors by status and code with a sample message, requests by endpoint, the signals note, a sweep; null when none. */
function detailsRow(run, s, columns) {
    const errors = s.errors_by ?? [], endpoints = Object.entries(s.endpoints ?? {});
    if (!errors.length && !endpoints.length && !s.sweep && !run.signalsNote) return null;
    const td = h('td', { colspan: columns });
    if (errors.length) {
        td.append(h('ul', { class: 'error-kinds' }, 'Errors: ', errors.map(e => h('li', {
            text: `${e.status > 0 ? e.status : e.status === 0 ? 'no answer' : ''} ${e.code} × ${e.count}${e.message ? ` — “${e.message}”` : ''}` }))));
    }
    if (endpoints.length) {
        td.append(h('ul', { class: 'endpoint-split' }, 'By endpoint: ', endpoints.map(([name, e]) => h('li', { 'data-endpoint': name,
            text: `${name}: ${e.requests} requests${e.errors ? `, ${e.errors} errors` : ''} · TTFT p50 ${num(e.ttft_ms?.p50)} ms`
                + ` · E2E p50 ${num(e.e2e_ms?.p50)} ms · ITL p50 ${num(e.itl_ms?.p50)} ms` }))));
    }
    if (run.signalsNote) td.append(h('p', { class: 'signals-note', title: 'the run goes on without the target\'s own numbers', text: `⚠ ${run.signalsNote}` }));
    if (s.sweep) {
        const stamp = JSON.stringify(s.sweep);
        let kept = sweeps.get(run.id);
        if (!kept || kept.stamp !== stamp) { kept = { stamp, view: sweepView(s.sweep) }; sweeps.set(run.id, kept); }
        td.append(kept.view);
    }
    return h('tr', { class: 'details', 'data-run': run.id }, td);
}
