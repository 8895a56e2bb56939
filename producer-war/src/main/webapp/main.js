import { load, save, defaultCard, normalise, wire, renderCard, fillPresets, colourOf, assignSlots } from './cards/cards.js';
import { Channel, engineUrl } from './live/channel.js';
import { Panel } from './dashboard/panel.js';
import { download, csv, stamp } from './dashboard/download.js';
import { sweepView } from './dashboard/sweep.js';
import { comparisonView } from './compare/compare.js';

const MAX_ROWS = 500;
const $ = id => document.getElementById(id);
let cards = load();
let presets = [];
const runs = new Map();       // run id → {id, card (uid), name, colour, state, second, summary}
const byCard = new Map();     // card uid → run id while running
const starting = new Map();   // client id → card uid, until the engine answers "started" or "error"
const requests = [];          // request log rows, newest last
const selected = new Set();   // run ids ticked for comparison
const transient = new Map();  // uid → a card copy started by "Balancer vs direct" (not in the card list)
const versus = new Map();     // card uid → {phase: 'balancer'|'direct', balancer: run id, direct: run id}
const MAX_SAMPLES = 3600;     // per run, for the comparison's overlaid charts
const events = [];
const panel = new Panel($('charts'), $('legend'));

function event(text, level = 'info') {
  const e = { time: new Date().toISOString(), level, text };
  events.push(e);
  if (events.length > 1000) events.shift();
  const li = document.createElement('li');
  li.className = level;
  li.textContent = `${e.time.slice(11, 19)} ${text}`;
  $('events').prepend(li);
  while ($('events').children.length > 200) $('events').lastChild.remove();
}

const channel = new Channel(onMessage, state => {
  $('socket-state').textContent = `socket ${state}`;
  $('socket-state').className = `badge ${state}`;
  if (state === 'closed') {
    for (const run of runs.values()) if (run.state === 'running') { run.state = 'disconnected'; byCard.delete(run.card); }
    starting.clear();
    renderCards(); renderRuns();
  }
});

// theme: the choice is kept; without one the system's preference holds

const THEME = 'llmlb.producer.theme';
function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
  $('theme').textContent = theme === 'dark' ? 'Light' : 'Dark';
  $('theme').setAttribute('aria-pressed', String(theme === 'dark'));
  panel.draw();
}
$('theme').addEventListener('click', () => {
  const theme = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  localStorage.setItem(THEME, theme);
  applyTheme(theme);
});
applyTheme(localStorage.getItem(THEME) ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));

// cards

const starts = uid => [...starting.values()].includes(uid);

function renderCards() {
  assignSlots(cards);
  $('cards').replaceChildren(...cards.map(card => {
    const form = renderCard(card, { presets, onChange: () => save(cards), onStart: start, onStop: stop, onReset: reset,
      onRemove: remove, uploadDataset, onVersus: balancerVsDirect });
    paintCard(form, card);
    return form;
  }));
}

function paintCard(form, card) {
  const run = runs.get(byCard.get(card.uid) ?? byCard.get(`${card.uid}-direct`));
  const busy = !!run || starts(card.uid) || versus.has(card.uid);
  form.classList.toggle('running', busy);
  form.querySelector('.start').disabled = busy;
  form.querySelector('.stop').disabled = !run;
  form.querySelector('.versus').disabled = busy;
  form.querySelector('.reset').disabled = busy || ![...runs.values()].some(r => r.card === card.uid || r.card === `${card.uid}-direct`);
  const status = form.querySelector('.status');
  const pair = versus.get(card.uid);
  status.textContent = run ? run.state : starts(card.uid) ? 'starting' : '';
  if (pair) status.textContent = `${status.textContent || 'starting'} · ${pair.phase === 'balancer' ? '1/2 balancer' : '2/2 direct'}`;
  status.className = `status badge ${run?.state ?? ''}`;
}

const paintCards = () => cards.forEach(card => {
  const form = $('cards').querySelector(`[data-uid="${CSS.escape(card.uid)}"]`);
  if (form) paintCard(form, card);
});

/** Uploads a JSONL file to the engine; its answer (id, counts), or an Error with every bad line the engine named. */
async function uploadDataset(file) {
  const answer = await fetch(engineUrl(`api/datasets?name=${encodeURIComponent(file.name)}`),
    { method: 'POST', headers: { 'Content-Type': 'application/x-ndjson' }, body: file });
  const body = await answer.json().catch(() => ({}));
  if (!answer.ok) {
    const e = body.error ?? {};
    const lines = (e.details ?? []).map(d => `${d.field} ${d.message}`);
    throw new Error(`${file.name} refused: ${lines.length ? lines.join('; ') : e.message ?? `HTTP ${answer.status}`}`);
  }
  event(`uploaded ${file.name} as ${body.id}: ${body.conversations} conversations (${body.format})`);
  return body;
}

let nextClientId = 1;
function start(card) {
  if (byCard.has(card.uid) || starts(card.uid)) return;
  const clientId = `c${nextClientId++}`;
  starting.set(clientId, card.uid);
  channel.send({ type: 'start', client_id: clientId, card: wire(card) });
  event(`start ${card.name}`);
  paintCards();
}

/**
 * "Balancer vs direct": the card as it is (through the balancer), then the same card against its
 * direct base URL (a backend's), one after the other, then the comparison with direct as the
 * baseline, so each difference is what the balancer added.
 */
function balancerVsDirect(card) {
  const direct = String(card.direct_url ?? '').trim();
  if (!direct) { event(`${card.name}: set a direct base URL (a backend's /v1) first`, 'error'); return; }
  if (byCard.has(card.uid) || starts(card.uid) || versus.has(card.uid)) return;
  versus.set(card.uid, { phase: 'balancer', balancer: null, direct: null });
  event(`balancer vs direct: ${card.name} through ${card.base_url}, then against ${direct}`);
  start(card);
}

/** The next step of a "Balancer vs direct" pair whose run `run` has just ended. */
function versusStep(run) {
  for (const [uid, pair] of versus) {
    if (pair.phase === 'balancer' && pair.balancer === run.id) {
      const card = cards.find(c => c.uid === uid);
      if (!card || run.state !== 'finished') {
        versus.delete(uid); event(`balancer vs direct: ${run.name} ${run.state}, direct run not started`, 'error'); return;
      }
      pair.phase = 'direct';
      const copy = { ...card, uid: `${uid}-direct`, name: `${card.name} (direct)`, base_url: String(card.direct_url).trim() };
      transient.set(copy.uid, copy);
      start(copy);
      return;
    }
    if (pair.phase === 'direct' && pair.direct === run.id) {
      versus.delete(uid);
      transient.delete(`${uid}-direct`);
      if (run.state === 'finished') openComparison([pair.direct, pair.balancer], 'Balancer vs direct: what the balancer added (its run minus the direct one)');
      else event(`balancer vs direct: ${run.name} ${run.state}, nothing to compare`, 'error');
      return;
    }
  }
}

function stop(card) {
  const id = byCard.get(card.uid) ?? byCard.get(`${card.uid}-direct`);
  if (id) { channel.send({ type: 'stop', id }); event(`stop ${card.name} (${id})`); }
}

/** Forgets the results of the given runs: their table rows, chart lines and request log rows. */
function forget(ids) {
  for (const id of ids) { runs.delete(id); panel.forget(id); selected.delete(id); }
  const gone = new Set(ids);
  const kept = requests.filter(r => !gone.has(r.run));
  requests.splice(0, requests.length, ...kept);
  renderRuns(); renderLog(); paintCards(); panel.draw();
}

function reset(card) {
  if (byCard.has(card.uid)) return;
  forget([...runs.values()].filter(r => r.card === card.uid || r.card === `${card.uid}-direct`).map(r => r.id));
  event(`reset ${card.name}`);
}

function remove(card) {
  if (byCard.has(card.uid) || !confirm(`Delete card "${card.name}"?`)) return;
  cards = cards.filter(c => c !== card);
  save(cards); renderCards();
}

$('add-card').addEventListener('click', () => {
  const card = defaultCard();
  card.name = `card ${cards.length + 1}`;
  cards.push(card); save(cards); renderCards();
});
$('start-all').addEventListener('click', () => cards.forEach(start));
$('stop-all').addEventListener('click', () => cards.forEach(stop));
$('reset-all').addEventListener('click', () => {
  forget([...runs.values()].filter(r => r.state !== 'running').map(r => r.id));
  event('reset all');
});
$('export-cards').addEventListener('click', () =>
  download(`cards-${stamp()}.json`, 'application/json', JSON.stringify(cards.map(wire), null, 2)));
$('import-cards').addEventListener('change', async e => {
  const file = e.target.files[0];
  e.target.value = '';
  if (!file) return;
  try {
    const data = JSON.parse(await file.text());
    const imported = (Array.isArray(data) ? data : [data]).map(normalise);
    cards.push(...imported); save(cards); renderCards();
    event(`imported ${imported.length} card(s) from ${file.name}`);
  } catch (err) { event(`import failed: ${err.message}`, 'error'); }
});

// live messages

/** The start an answer belongs to; an engine that does not echo client ids answers in order. */
const clientIdOf = m => m.client_id ?? (m.type === 'started' || m.type === 'error' ? starting.keys().next().value : undefined);

function onMessage(m) {
  switch (m.type) {
    case 'started': {
      const key = clientIdOf(m);
      const uid = starting.get(key);
      starting.delete(key);
      const card = cards.find(c => c.uid === uid) ?? transient.get(uid);
      const name = card?.name ?? m.name ?? '?';
      const colour = card ? (transient.has(uid) ? `--c${((card.slot ?? 0) + 1) % 8}` : colourOf(card)) : '--c0';
      runs.set(m.id, { id: m.id, card: uid, name, colour, state: 'running', second: null, summary: null, samples: [] });
      if (uid) byCard.set(uid, m.id);
      const pair = versus.get(String(uid).replace(/-direct$/, ''));
      if (pair) pair[transient.has(uid) ? 'direct' : 'balancer'] = m.id;
      event(`started ${name} as ${m.id}`);
      break;
    }
    case 'second': {
      const run = runs.get(m.id);
      if (!run) return;
      run.second = m; run.summary = m.summary;
      if (run.samples.length < MAX_SAMPLES) run.samples.push(m);
      panel.add(run.id, run.name, run.colour, m);
      if (m.dropped_records > 0) event(`${run.name}: ${m.dropped_records} records not sent this second`);
      break;
    }
    case 'requests': {
      const run = runs.get(m.id);
      if (!run) return;
      const now = Date.now();
      for (const r of m.records ?? []) {
        requests.push({ time: new Date(r.sent_at ?? now).toISOString(), card: run.name, run: m.id, status: r.status,
          error: r.error, error_code: r.error_code ?? '', error_message: r.error_message ?? '',
          endpoint: r.endpoint ?? '', cache: r.cache ?? '', ttft_ms: r.ttft_ms, e2e_ms: r.e2e_ms,
          itl_ms_mean: r.itl_ms_mean ?? -1, output_tokens: r.output_tokens, tokens_estimated: r.tokens_estimated,
          prompt_tokens: r.prompt_tokens ?? '', tokens_source: r.tokens_source ?? (r.tokens_estimated ? 'counted' : 'usage'),
          turn: r.turn ?? 1 });
      }
      if (requests.length > MAX_ROWS) requests.splice(0, requests.length - MAX_ROWS);
      renderLog();
      return;
    }
    case 'ended': {
      const run = runs.get(m.id);
      if (!run) return;
      run.state = m.state;
      if (byCard.get(run.card) === run.id) byCard.delete(run.card);
      event(`${run.name} ${m.state}: ${run.summary?.requests ?? 0} requests, ${run.summary?.errors ?? 0} errors`,
        m.state === 'failed' ? 'error' : 'info');
      versusStep(run);
      break;
    }
    case 'error': {
      const key = clientIdOf(m);
      const uid = starting.get(key);
      starting.delete(key);
      const card = cards.find(c => c.uid === uid) ?? transient.get(uid);
      event(card ? `${card.name} not started: ${m.message}` : `error: ${m.message}`, 'error');
      if (uid) { versus.delete(String(uid).replace(/-direct$/, '')); transient.delete(uid); }
      break;
    }
    default: return;
  }
  paintCards(); renderRuns();
}

// dashboard

const num = v => v === undefined || v === null || Number.isNaN(Number(v)) ? '–'
  : Number(v) >= 100 ? Number(v).toFixed(0) : Number(v).toFixed(1);

const SLO_NAMES = { ttft_p95_ms: 'TTFT p95', e2e_p95_ms: 'E2E p95', error_rate: 'errors' };

function renderRuns() {
  const rows = [...runs.values()].reverse().map(run => {
    const s = run.summary ?? {}, sec = run.second ?? {};
    const tr = document.createElement('tr');
    tr.dataset.run = run.id;
    const inFlight = sec.in_flight ?? (s.offered !== undefined && s.requests !== undefined ? Math.max(0, s.offered - s.requests) : '–');
    // while running: the last second; once ended: the run's average
    const live = run.state === 'running';
    const cells = [run.name, run.state, live ? sec.requests ?? 0 : num(s.requests_per_second),
      live ? sec.output_tokens ?? 0 : num(s.output_tokens_per_second),
      num(s.ttft_ms?.p50), num(s.ttft_ms?.p95), num(s.e2e_ms?.p50), num(s.e2e_ms?.p95), num(s.e2e_ms?.p99),
      num(s.itl_ms?.p50), num(s.tpot_ms?.p50), s.errors ?? 0, run.state === 'running' ? inFlight : 0];
    const keys = ['name', 'state', 'rps', 'tps', 'ttft-p50', 'ttft-p95', 'e2e-p50', 'e2e-p95', 'e2e-p99', 'itl-p50',
      'tpot-p50', 'errors', 'inflight'];
    cells.forEach((v, i) => {
      const td = document.createElement('td');
      td.className = `metric ${keys[i]}`;
      td.textContent = String(v);
      tr.append(td);
    });
    tr.firstChild.style.setProperty('--card', `var(${run.colour})`);
    const slo = document.createElement('td');
    slo.className = 'slo';
    for (const [k, v] of Object.entries(s.slo ?? {})) {
      const b = document.createElement('span');
      b.className = `badge ${v.pass ? 'pass' : 'fail'}`;
      b.textContent = `${SLO_NAMES[k] ?? k} ${v.pass ? '✓' : '✗'}`;
      b.title = `${k}: measured ${num(v.measured)}, threshold ${v.threshold}`;
      slo.append(b, ' ');
    }
    if (s.goodput !== undefined && Object.keys(s.slo ?? {}).length) {
      const g = document.createElement('span');
      g.className = 'goodput';
      g.textContent = `goodput ${num(s.goodput)}/s`;
      slo.append(g);
    }
    const exp = document.createElement('td');
    exp.className = 'run-actions';
    if (run.state !== 'running') {
      const pick = document.createElement('input');
      pick.type = 'checkbox'; pick.className = 'compare-select'; pick.checked = selected.has(run.id);
      pick.title = 'select for comparison'; pick.setAttribute('aria-label', `compare ${run.name}`);
      pick.addEventListener('change', () => { pick.checked ? selected.add(run.id) : selected.delete(run.id); paintCompare(); });
      exp.append(pick, ' ');
      const b = document.createElement('button');
      b.type = 'button'; b.className = 'export-summary'; b.textContent = 'JSON'; b.title = 'download the run summary as JSON';
      b.addEventListener('click', () => download(`summary-${run.name}-${run.id}.json`, 'application/json',
        JSON.stringify({ id: run.id, card: run.name, state: run.state, summary: run.summary }, null, 2)));
      const report = document.createElement('a');
      report.className = 'report button'; report.textContent = 'Report'; report.target = '_blank';
      report.href = engineUrl(`api/runs/${encodeURIComponent(run.id)}/report`).toString();
      report.title = 'a self-contained HTML report of the run (?format=json: in vLLM bench\'s field names)';
      exp.append(b, ' ', report);
    }
    tr.append(slo, engineCell(s.self_check), exp);
    const details = detailsRow(run, s, tr.cells.length);
    return details ? [tr, details] : [tr];
  });
  $('runs').tBodies[0].replaceChildren(...rows.flat());
  paintCompare();
}

// comparison

function paintCompare() {
  for (const id of [...selected]) if (!runs.has(id) || runs.get(id).state === 'running') selected.delete(id);
  $('compare').disabled = selected.size < 2;
  $('compare').textContent = selected.size ? `Compare (${selected.size})` : 'Compare';
}

/** Asks the engine for the runs side by side, in the order given (the first is the baseline), and shows them. */
async function openComparison(ids, title = '') {
  const section = $('comparison');
  section.hidden = false;
  $('comparison-title').textContent = title;
  $('comparison-report').hidden = true;
  $('comparison-body').replaceChildren();
  try {
    const answer = await fetch(engineUrl(`api/runs/compare?ids=${ids.map(encodeURIComponent).join(',')}`));
    const body = await answer.json().catch(() => ({}));
    if (!answer.ok) throw new Error(body.error?.message ?? `HTTP ${answer.status}`);
    $('comparison-body').replaceChildren(comparisonView(body, id => runs.get(id)));
    const report = $('comparison-report');
    report.href = engineUrl(`api/runs/compare?ids=${ids.map(encodeURIComponent).join(',')}&format=html`).toString();
    report.hidden = false;
    event(`compared ${body.runs.map(r => r.name ?? r.id).join(' vs ')}`);
  } catch (e) {
    const p = document.createElement('p');
    p.className = 'compare-error';
    p.textContent = `comparison failed: ${e.message}`;
    $('comparison-body').replaceChildren(p);
    event(`comparison failed: ${e.message}`, 'error');
  }
  section.scrollIntoView({ block: 'nearest' });
}

// oldest first: the earlier run is the baseline
$('compare').addEventListener('click', () => openComparison([...runs.keys()].filter(id => selected.has(id))));
$('close-comparison').addEventListener('click', () => { $('comparison').hidden = true; });

/** The engine's self-check: a warning badge when the producer itself is the bottleneck. */
function engineCell(check) {
  const td = document.createElement('td');
  td.className = 'engine';
  if (!check) return td;
  if (check.client_bottleneck) {
    const b = document.createElement('span');
    b.className = 'badge fail bottleneck';
    b.textContent = '⚠ client bottleneck';
    b.title = check.warning ?? '';
    td.append(b, ' ');
  }
  const rate = check.requested_rate === null || check.requested_rate === undefined
    ? `${num(check.achieved_rate)}/s` : `${num(check.achieved_rate)} of ${num(check.requested_rate)}/s`;
  const text = document.createElement('span');
  text.className = 'self-check';
  text.textContent = `${rate} · lag p99 ${num(check.schedule_lag_ms?.p99)} ms · CPU ${num(check.engine_cpu_percent)} %`;
  text.title = `sent ${rate}; schedule lag p50 ${num(check.schedule_lag_ms?.p50)} ms, p99 ${num(check.schedule_lag_ms?.p99)} ms; `
    + `engine threads ${num(check.engine_cpu_percent)} % and whole process ${num(check.process_cpu_percent)} % of one of ${check.cpus} CPUs`;
  td.append(text);
  return td;
}

/** Errors by status and code with a sample message, and requests by endpoint; null when there is neither. */
function detailsRow(run, s, columns) {
  const errors = s.errors_by ?? [], endpoints = Object.entries(s.endpoints ?? {});
  if (!errors.length && !endpoints.length && !s.sweep) return null;
  const tr = document.createElement('tr');
  tr.className = 'details';
  tr.dataset.run = run.id;
  const td = document.createElement('td');
  td.colSpan = columns;
  if (errors.length) {
    const list = document.createElement('ul');
    list.className = 'error-kinds';
    list.append('Errors: ');
    for (const e of errors) {
      const li = document.createElement('li');
      li.textContent = `${e.status > 0 ? e.status : e.status === 0 ? 'no answer' : ''} ${e.code} × ${e.count}${e.message ? ` — “${e.message}”` : ''}`;
      list.append(li);
    }
    td.append(list);
  }
  if (endpoints.length) {
    const list = document.createElement('ul');
    list.className = 'endpoint-split';
    list.append('By endpoint: ');
    for (const [name, e] of endpoints) {
      const li = document.createElement('li');
      li.dataset.endpoint = name;
      li.textContent = `${name}: ${e.requests} requests${e.errors ? `, ${e.errors} errors` : ''} · TTFT p50 ${num(e.ttft_ms?.p50)} ms`
        + ` · E2E p50 ${num(e.e2e_ms?.p50)} ms · ITL p50 ${num(e.itl_ms?.p50)} ms`;
      list.append(li);
    }
    td.append(list);
  }
  if (s.sweep) td.append(sweepView(s.sweep));
  tr.append(td);
  return tr;
}

let logQueued = false;
function renderLog() {
  if (logQueued) return;
  logQueued = true;
  requestAnimationFrame(() => {
    logQueued = false;
    // newest first by send time: batches of several runs arrive interleaved
    const rows = requests.slice().sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0)).map(r => {
      const tr = document.createElement('tr');
      [r.time.slice(11, 23), r.card, r.status, r.endpoint || '–', r.cache || '–', r.ttft_ms >= 0 ? num(r.ttft_ms) : '–', num(r.e2e_ms),
        r.itl_ms_mean >= 0 ? num(r.itl_ms_mean) : '–', r.output_tokens + (r.tokens_estimated ? '~' : ''),
        r.prompt_tokens === '' ? '–' : r.prompt_tokens, r.tokens_source, r.turn].forEach((v, i) => {
        const td = document.createElement('td');
        td.textContent = String(v);
        if (i === 2 && r.error) { td.className = 'err'; td.title = `${r.error_code} ${r.error_message}`.trim(); }
        tr.append(td);
      });
      return tr;
    });
    $('request-log').tBodies[0].replaceChildren(...rows);
  });
}

const COLUMNS = ['time', 'card', 'run', 'status', 'error', 'error_code', 'error_message', 'endpoint', 'cache', 'ttft_ms', 'e2e_ms',
  'itl_ms_mean', 'output_tokens', 'tokens_estimated', 'prompt_tokens', 'tokens_source', 'turn'];
$('export-csv').addEventListener('click', () => download(`requests-${stamp()}.csv`, 'text/csv', csv(requests, COLUMNS)));
$('export-json').addEventListener('click', () =>
  download(`requests-${stamp()}.json`, 'application/json', JSON.stringify(requests, null, 2)));
$('export-events').addEventListener('click', () =>
  download(`events-${stamp()}.json`, 'application/json', JSON.stringify(events, null, 2)));
$('clear-log').addEventListener('click', () => { requests.length = 0; renderLog(); });

function drawCharts() {
  panel.draw();
  $('max-rps').textContent = String(panel.max('requests'));
  $('max-tps').textContent = String(panel.max('tokens'));
}

// a background tab throttles timers: only the drawing waits, the server keeps the pace
setInterval(drawCharts, 1000);
renderCards();
renderRuns();
drawCharts();

fetch(engineUrl('api/presets'))
  .then(r => r.ok ? r.json() : [])
  .then(list => {
    presets = (Array.isArray(list) ? list : []).slice().sort((a, b) => String(a.name).localeCompare(String(b.name)));
    // fill the open forms in place: rebuilding them would take the focus from someone typing
    for (const card of cards) {
      const form = $('cards').querySelector(`[data-uid="${CSS.escape(card.uid)}"]`);
      if (form) fillPresets(form, card, presets);
    }
  })
  .catch(() => event('could not load presets; cards use their own prompt', 'error'));
