/** Load cards: persisted in localStorage, edited in forms built from #card-template. */
const KEY = 'llmlb.producer.cards';

export function defaultCard() {
    return {
        uid: crypto.randomUUID?.() ?? String(Math.random()).slice(2),
        name: 'card', base_url: `${location.protocol}//${location.hostname}:8090/v1`, api_key: '', model: '', preset: '',
        profile: { type: 'constant_concurrency', concurrency: 8, rate: 5, poisson: true,
            from_rate: 1, to_rate: 20, over_seconds: 30, size: 10, every_seconds: 5,
            rates: 5, step_seconds: 30, probe_seconds: 10, probe_concurrency: 32, min_rate: null, knee_ttft_factor: 3 },
        // where prompts come from; only what differs from "the preset, lengths left to the server" is sent
        workload: { source: 'preset', seed: 1,
            input_tokens: { type: 'normal', value: 256, min: 128, max: 512, mean: 256, stddev: 64 },
            output_tokens: { type: '', value: 128, min: 64, max: 256, mean: 128, stddev: 32 },
            ignore_eos: false, dataset: '', dataset_label: '', shared_prefix: { groups: 0, tokens: 256 }, turns: 1 },
        model_config: { max_tokens: 64, temperature: 0.7, stream: true },
        // duration only: a request count would end a timed run early
        request_count: null, duration_seconds: 60, use_cache: false,
        // "Balancer vs direct": a backend's base URL to run the same card against; not sent to the engine
        direct_url: '',
        // where the target's own numbers are read; empty: the /metrics beside the base URL's /v1
        signals_url: '',
        slo: { ttft_p95_ms: 500, e2e_p95_ms: 3000, error_rate: 0.01 },
    };
}

export function load() {
    try {
        const cards = JSON.parse(localStorage.getItem(KEY));
        if (Array.isArray(cards) && cards.length) return cards.map(normalise);
    } catch { /* start afresh */ }
    return [defaultCard()];
}

export const save = cards => localStorage.setItem(KEY, JSON.stringify(cards));

/** An imported or stored card merged over the defaults, with a fresh uid. */
export function normalise(card) {
    const d = defaultCard();
    const w = card.workload ?? {};
    return { ...d, ...card, uid: d.uid, profile: { ...d.profile, ...card.profile },
        model_config: { ...d.model_config, ...card.model_config }, slo: { ...d.slo, ...card.slo },
        workload: { ...d.workload, ...w, input_tokens: { ...d.workload.input_tokens, ...w.input_tokens },
            output_tokens: { ...d.workload.output_tokens, ...w.output_tokens },
            shared_prefix: { ...d.workload.shared_prefix, ...w.shared_prefix } } };
}

/** Which profile fields each load shape sends; the form keeps the others for switching back. */
const PROFILE_FIELDS = {
    constant_concurrency: ['concurrency'],
    constant_rate: ['rate', 'poisson'],
    ramp: ['from_rate', 'to_rate', 'over_seconds'],
    burst: ['size', 'every_seconds'],
    sweep: ['rates', 'step_seconds', 'probe_seconds', 'probe_concurrency', 'min_rate', 'knee_ttft_factor', 'poisson'],
};

/** Which fields each length distribution sends. */
const DISTRIBUTION_FIELDS = { fixed: ['value'], uniform: ['min', 'max'], normal: ['mean', 'stddev'] };

const distribution = d => Object.fromEntries([['type', d.type], ...DISTRIBUTION_FIELDS[d.type].map(k => [k, d[k]])]);

/** The card's workload as the engine takes it; undefined when it is the plain preset (the engine's default). */
export function wireWorkload(w) {
    if (!w) return undefined;
    const out = { source: w.source, seed: w.seed ?? 1 };
    if (w.source === 'synthetic') out.input_tokens = distribution(w.input_tokens);
    if (DISTRIBUTION_FIELDS[w.output_tokens?.type]) out.output_tokens = distribution(w.output_tokens);
    if (w.ignore_eos) out.ignore_eos = true;
    if (w.source === 'dataset') out.dataset = w.dataset;
    if (w.shared_prefix?.groups > 0) out.shared_prefix = { groups: w.shared_prefix.groups, tokens: w.shared_prefix.tokens };
    if (w.turns > 1) out.turns = w.turns;
    const plain = out.source === 'preset' && Object.keys(out).length === 2;
    return plain ? undefined : out;
}

/** The card as the engine (and the export) wants it. */
export function wire(card) {
    const { uid, slot, direct_url: directUrl, ...rest } = card;
    const p = card.profile;
    const profile = { type: p.type };
    for (const k of PROFILE_FIELDS[p.type] ?? []) {
        if (k === 'poisson') profile[k] = !!p[k]; else if (p[k] !== null && p[k] !== '') profile[k] = p[k];
    }
    const out = { ...rest, profile };
    const workload = wireWorkload(card.workload);
    if (workload) out.workload = workload; else delete out.workload;
    // a sweep lasts its probe and rates: a card's duration would cut it short
    if (p.type === 'sweep') { delete out.request_count; delete out.duration_seconds; }
    for (const k of ['request_count', 'duration_seconds', 'preset', 'signals_url']) if (out[k] === null || out[k] === undefined || String(out[k]).trim() === '') delete out[k];
    out.slo = Object.fromEntries(Object.entries(card.slo).filter(([, v]) => v !== null && v !== ''));
    return out;
}

/** The card's colour (a CSS custom property, --c0 … --c7) for its lines and badges. */
export const colourOf = card => `--c${card.slot ?? 0}`;

/** Gives each card without one the first colour slot no other card uses, so cards differ. */
export function assignSlots(cards) {
    for (const card of cards) {
        if (Number.isInteger(card.slot)) continue;
        const used = new Set(cards.map(c => c.slot));
        card.slot = [0, 1, 2, 3, 4, 5, 6, 7].find(i => !used.has(i)) ?? cards.indexOf(card) % 8;
    }
}

const get = (o, path) => path.split('.').reduce((a, k) => a?.[k], o);
function set(o, path, value) {
    const keys = path.split('.'), last = keys.pop();
    keys.reduce((a, k) => a[k], o)[last] = value;
}

/** Builds a card's form; onChange after every edit. */
export function renderCard(card, { presets, onChange, onStart, onStop, onReset, onRemove, uploadDataset, onVersus }) {
    const form = document.getElementById('card-template').content.firstElementChild.cloneNode(true);
    form.dataset.uid = card.uid;
    form.style.setProperty('--card', `var(${colourOf(card)})`);
    fillPresets(form, card, presets);
    for (const input of form.querySelectorAll('[name]')) {
        const v = get(card, input.name);
        if (input.type === 'checkbox') input.checked = !!v; else input.value = v ?? '';
        const update = () => {
            const value = input.type === 'checkbox' ? input.checked
                : input.type === 'number' ? (input.value === '' ? null : Number(input.value)) : input.value;
            set(card, input.name, value);
            showFields(form, card);
            onChange();
        };
        // text and numbers update as typed; selects and checkboxes report their choice with "change"
        const choice = input.tagName === 'SELECT' || input.type === 'checkbox';
        input.addEventListener(choice ? 'change' : 'input', update);
    }
    showFields(form, card);
    datasetUpload(form, card, uploadDataset, onChange);
    const models = form.querySelector('select.models');
    form.querySelector('.load-models').addEventListener('click', async () => {
        try {
            const base = card.base_url.replace(/\/+$/, '');
            const headers = card.api_key ? { Authorization: `Bearer ${card.api_key}` } : {};
            const answer = await fetch(`${base}/models`, { headers });
            if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
            const ids = ((await answer.json()).data ?? []).map(m => String(m.id)).sort((a, b) => a.localeCompare(b));
            models.replaceChildren(new Option('— choose a model —', ''), ...ids.map(id => new Option(id, id)));
            models.hidden = false;
            if (ids.length === 1 && !card.model) pick(ids[0]);
        } catch (e) {
            models.replaceChildren(new Option(`could not load models: ${e.message}`, ''));
            models.hidden = false;
        }
    });
    const pick = id => { form.elements.model.value = id; card.model = id; onChange(); };
    models.addEventListener('change', () => models.value && pick(models.value));
    form.querySelector('.start').addEventListener('click', () => onStart(card));
    form.querySelector('.stop').addEventListener('click', () => onStop(card));
    form.querySelector('.reset').addEventListener('click', () => onReset(card));
    form.querySelector('.remove').addEventListener('click', () => onRemove(card));
    form.querySelector('.versus').addEventListener('click', () => onVersus(card));
    form.addEventListener('submit', e => e.preventDefault());
    return form;
}

/** The preset dropdown's options (kept when the list arrives after the form was built). */
export function fillPresets(form, card, presets) {
    const select = form.querySelector('select.presets');
    const options = presets.map(p => {
        const option = new Option(`${p.name} (${p.prompts} prompts)`, p.name);
        option.title = p.description ?? '';
        return option;
    });
    if (card.preset && !presets.some(p => p.name === card.preset)) options.push(new Option(`${card.preset} (unknown here)`, card.preset));
    select.replaceChildren(new Option('default prompt', ''), ...options);
    select.value = card.preset ?? '';
}

/**
  * Shows each element with data-when="path=a|b" only while the card's value at path is one of
  * them; several conditions joined by "&" must all hold.
  */
function showFields(form, card) {
    form.querySelectorAll('[data-when]').forEach(e => {
        e.hidden = !e.dataset.when.split('&').every(condition => {
            const [path, values] = condition.split('=');
            return values.split('|').includes(String(get(card, path) ?? ''));
        });
    });
}

/** The card's JSONL file input: uploads the file to the engine and keeps the dataset's id in the card. */
function datasetUpload(form, card, upload, onChange) {
    const input = form.querySelector('.dataset-file'), info = form.querySelector('.dataset-info');
    const show = (text, bad = false) => { info.textContent = text; info.classList.toggle('err', bad); };
    show(card.workload.dataset ? card.workload.dataset_label || card.workload.dataset : 'no file uploaded');
    input.addEventListener('change', async () => {
        const file = input.files[0];
        input.value = '';
        if (!file || !upload) return;
        show(`uploading ${file.name}…`);
        try {
            const d = await upload(file);
            card.workload.dataset = d.id;
            card.workload.dataset_label = `${d.name}: ${d.conversations} conversations, ${d.turns} prompts (${d.format}) · ${d.id}`;
            show(card.workload.dataset_label);
            onChange();
        } catch (e) {
            show(e.message, true);
        }
    });
}
