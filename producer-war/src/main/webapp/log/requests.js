import { $, h } from '../dom.js';
import { num } from '../format.js';
import { download, csv, stamp } from '../dashboard/download.js';

/** The request log: the last 500 records the engine sent, newest first by send time; CSV and JSON export. */
const MAX_ROWS = 500;
const rows = [];
const COLUMNS = ['time', 'card', 'run', 'status', 'error', 'error_code', 'error_message', 'endpoint', 'cache', 'ttft_ms', 'e2e_ms',
    'itl_ms_mean', 'output_tokens', 'tokens_estimated', 'prompt_tokens', 'tokens_source', 'turn'];

/** A `requests` message's records of run `run` ({id, name}). */
export function addRecords(run, records = []) {
    const now = Date.now();
    for (const r of records) {
        rows.push({ time: new Date(r.sent_at ?? now).toISOString(), card: run.name, run: run.id, status: r.status,
            error: r.error, error_code: r.error_code ?? '', error_message: r.error_message ?? '',
            endpoint: r.endpoint ?? '', cache: r.cache ?? '', ttft_ms: r.ttft_ms, e2e_ms: r.e2e_ms,
            itl_ms_mean: r.itl_ms_mean ?? -1, output_tokens: r.output_tokens, tokens_estimated: r.tokens_estimated,
            prompt_tokens: r.prompt_tokens ?? '', tokens_source: r.tokens_source ?? (r.tokens_estimated ? 'counted' : 'usage'),
            turn: r.turn ?? 1 });
    }
    if (rows.length > MAX_ROWS) rows.splice(0, rows.length - MAX_ROWS);
    render();
}

/** Drops the rows of the given runs (reset). */
export function forgetRuns(ids) {
    const gone = new Set(ids);
    rows.splice(0, rows.length, ...rows.filter(r => !gone.has(r.run)));
    render();
}

let queued = false;
function render() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
        queued = false;
        // newest first by send time: batches of several runs arrive interleaved
        const trs = rows.slice().sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0)).map(r => {
            const cells = [r.time.slice(11, 23), r.card, r.status, r.endpoint || '–', r.cache || '–', r.ttft_ms >= 0 ? num(r.ttft_ms) : '–',
                num(r.e2e_ms), r.itl_ms_mean >= 0 ? num(r.itl_ms_mean) : '–', r.output_tokens + (r.tokens_estimated ? '~' : ''),
                r.prompt_tokens === '' ? '–' : r.prompt_tokens, r.tokens_source, r.turn];
            return h('tr', {}, cells.map((v, i) => i === 2 && r.error
                ? h('td', { class: 'err', title: `${r.error_code} ${r.error_message}`.trim(), text: v })
                : h('td', { text: v })));
        });
        $('request-log').tBodies[0].replaceChildren(...trs);
    });
}

$('export-csv').addEventListener('click', () => download(`requests-${stamp()}.csv`, 'text/csv', csv(rows, COLUMNS)));
$('export-json').addEventListener('click', () =>
    download(`requests-${stamp()}.json`, 'application/json', JSON.stringify(rows, null, 2)));
$('clear-log').addEventListener('click', () => { rows.length = 0; render(); });
