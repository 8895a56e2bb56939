/**
  * The runs this page knows, oldest first: what the engine said of each (state, last second,
  * summary, the target's signals note) and the per-second samples the comparison overlays.
  * This module alone changes them; the others read through its functions.
  */
const MAX_SAMPLES = 3600;
const runs = new Map();   // run id → {id, card (uid), name, colour, state, second, summary, samples, signalsNote}
const byCard = new Map(); // card uid → run id while running
const selected = new Set(); // ended run ids ticked for comparison

export const all = () => [...runs.values()];
export const get = id => runs.get(id);
export const ids = () => [...runs.keys()];
export const runningOf = uid => runs.get(byCard.get(uid));
export const isRunning = uid => byCard.has(uid);

export function started(id, uid, name, colour) {
    runs.set(id, { id, card: uid, name, colour, state: 'running', second: null, summary: null, samples: [], signalsNote: null });
    if (uid) byCard.set(uid, id);
}

/** A `second` message; the run, or undefined for a run of another page. */
export function second(m) {
    const run = runs.get(m.id);
    if (!run) return undefined;
    run.second = m; run.summary = m.summary;
    run.signalsNote = m.signals_note ?? null;
    if (run.samples.length < MAX_SAMPLES) run.samples.push(m);
    return run;
}

export function ended(id, state) {
    const run = runs.get(id);
    if (!run) return undefined;
    run.state = state;
    if (byCard.get(run.card) === id) byCard.delete(run.card);
    return run;
}

/** The socket closed: a running run's fate is unknown. */
export function disconnected() {
    for (const run of runs.values()) if (run.state === 'running') { run.state = 'disconnected'; byCard.delete(run.card); }
}

export function forget(list) {
    for (const id of list) { runs.delete(id); selected.delete(id); }
}

export const isSelected = id => selected.has(id);
export const select = (id, on) => (on ? selected.add(id) : selected.delete(id));

/** The ticked runs still ended and known, oldest first. */
export function chosen() {
    for (const id of [...selected]) if (!runs.has(id) || runs.get(id).state === 'running') selected.delete(id);
    return [...runs.keys()].filter(id => selected.has(id));
}
