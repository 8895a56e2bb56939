import { $ } from '../dom.js';
import { load, save, defaultCard, normalise, wire, renderCard, fillPresets, colourOf, assignSlots } from './cards.js';
import { engineUrl } from '../live/channel.js';
import { download, stamp } from '../dashboard/download.js';
import { event } from '../events/events.js';
import { openComparison } from '../compare/comparison.js';
import * as runs from '../runs/runs.js';

/**
  * The card list and what its buttons do: start, stop, reset, remove, import/export, and
  * "Balancer vs direct". It owns the cards, the starts the engine has not answered yet and the
  * card copies a "Balancer vs direct" pair runs; runs.js owns the runs.
  */
let cards = load();
let presets = [];
let channel = null;
let forgetRuns = () => { };
const starting = new Map();  // client id → card uid, until the engine answers "started" or "error"
const transient = new Map(); // uid → a card copy started by "Balancer vs direct" (not in the card list)
const versus = new Map();    // card uid → {phase: 'balancer'|'direct', balancer: run id, direct: run id}
let nextClientId = 1;

/** `socket` sends to the engine; `forget(ids)` drops runs' results everywhere (reset). */
export function initBoard(socket, forget) {
    channel = socket;
    forgetRuns = forget;
    renderCards();
}

const starts = uid => [...starting.values()].includes(uid);
const baseUid = uid => String(uid).replace(/-direct$/, '');

export function renderCards() {
    assignSlots(cards);
    $('cards').replaceChildren(...cards.map(card => {
        const form = renderCard(card, { presets, onChange: () => save(cards), onStart: start, onStop: stop, onReset: reset,
            onRemove: remove, uploadDataset, onVersus: balancerVsDirect });
        paintCard(form, card);
        return form;
    }));
}

function paintCard(form, card) {
    const run = runs.runningOf(card.uid) ?? runs.runningOf(`${card.uid}-direct`);
    const busy = !!run || starts(card.uid) || versus.has(card.uid);
    form.classList.toggle('running', busy);
    form.querySelector('.start').disabled = busy;
    form.querySelector('.stop').disabled = !run;
    form.querySelector('.versus').disabled = busy;
    form.querySelector('.reset').disabled = busy || !runs.all().some(r => r.card === card.uid || r.card === `${card.uid}-direct`);
    const status = form.querySelector('.status');
    const pair = versus.get(card.uid);
    status.textContent = run ? run.state : starts(card.uid) ? 'starting' : '';
    if (pair) status.textContent = `${status.textContent || 'starting'} · ${pair.phase === 'balancer' ? '1/2 balancer' : '2/2 direct'}`;
    status.className = `status badge ${run?.state ?? ''}`;
}

export const paintCards = () => cards.forEach(card => {
    const form = $('cards').querySelector(`[data-uid="${CSS.escape(card.uid)}"]`);
    if (form) paintCard(form, card);
});

/** The socket closed: no start will be answered. */
export function disconnected() {
    starting.clear();
    renderCards();
}

/** The card (or "Balancer vs direct" copy) an engine answer belongs to; an engine that does not echo client ids answers in order. */
function answered(m) {
    const key = m.client_id ?? starting.keys().next().value;
    const uid = starting.get(key);
    starting.delete(key);
    return { uid, card: cards.find(c => c.uid === uid) ?? transient.get(uid) };
}

/** The engine's `started`: the run joins runs.js with its card's name and colour. */
export function onStarted(m) {
    const { uid, card } = answered(m);
    const name = card?.name ?? m.name ?? '?';
    const colour = card ? (transient.has(uid) ? `--c${((card.slot ?? 0) + 1) % 8}` : colourOf(card)) : '--c0';
    runs.started(m.id, uid, name, colour);
    const pair = versus.get(baseUid(uid));
    if (pair) pair[transient.has(uid) ? 'direct' : 'balancer'] = m.id;
    event(`started ${name} as ${m.id}`);
}

/** The engine's `error` for a start. */
export function onError(m) {
    const { uid, card } = answered(m);
    event(card ? `${card.name} not started: ${m.message}` : `error: ${m.message}`, 'error');
    if (uid) { versus.delete(baseUid(uid)); transient.delete(uid); }
}

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

function start(card) {
    if (runs.isRunning(card.uid) || starts(card.uid)) return;
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
    if (runs.isRunning(card.uid) || starts(card.uid) || versus.has(card.uid)) return;
    versus.set(card.uid, { phase: 'balancer', balancer: null, direct: null });
    event(`balancer vs direct: ${card.name} through ${card.base_url}, then against ${direct}`);
    start(card);
}

/** The next step of a "Balancer vs direct" pair whose run `run` has just ended. */
export function onEnded(run) {
    for (const [uid, pair] of versus) {
        if (pair.phase === 'balancer' && pair.balancer === run.id) {
            const card = cards.find(c => c.uid === uid);
            if (!card || run.state !== 'finished') {
                versus.delete(uid); event(`balancer vs direct: ${run.name} ${run.state}, direct run not started`, 'error'); return;
            }
            pair.phase = 'direct';
            // the direct run reads its own target's signals, not the balancer's
            const copy = { ...card, uid: `${uid}-direct`, name: `${card.name} (direct)`, base_url: String(card.direct_url).trim(), signals_url: '' };
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
    const run = runs.runningOf(card.uid) ?? runs.runningOf(`${card.uid}-direct`);
    if (run) { channel.send({ type: 'stop', id: run.id }); event(`stop ${card.name} (${run.id})`); }
}

function reset(card) {
    if (runs.isRunning(card.uid)) return;
    forgetRuns(runs.all().filter(r => r.card === card.uid || r.card === `${card.uid}-direct`).map(r => r.id));
    event(`reset ${card.name}`);
}

function remove(card) {
    if (runs.isRunning(card.uid) || !confirm(`Delete card "${card.name}"?`)) return;
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
    forgetRuns(runs.all().filter(r => r.state !== 'running').map(r => r.id));
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
