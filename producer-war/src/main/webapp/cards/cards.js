/** Load cards: persisted in localStorage, edited in forms built from #card-template. */
const KEY = 'llmlb.producer.cards';

export function defaultCard() {
  return {
    uid: crypto.randomUUID?.() ?? String(Math.random()).slice(2),
    name: 'card', base_url: `${location.protocol}//${location.hostname}:8090/v1`, api_key: '', model: '', preset: '',
    profile: { type: 'constant_concurrency', concurrency: 8, rate: 5, poisson: true,
      from_rate: 1, to_rate: 20, over_seconds: 30, size: 10, every_seconds: 5 },
    model_config: { max_tokens: 64, temperature: 0.7, stream: true },
    // duration only: a request count would end a timed run early
    request_count: null, duration_seconds: 60, use_cache: false,
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
  return { ...d, ...card, uid: d.uid, profile: { ...d.profile, ...card.profile },
    model_config: { ...d.model_config, ...card.model_config }, slo: { ...d.slo, ...card.slo } };
}

/** Which profile fields each load shape sends; the form keeps the others for switching back. */
const PROFILE_FIELDS = {
  constant_concurrency: ['concurrency'],
  constant_rate: ['rate', 'poisson'],
  ramp: ['from_rate', 'to_rate', 'over_seconds'],
  burst: ['size', 'every_seconds'],
};

/** The card as the engine (and the export) wants it. */
export function wire(card) {
  const { uid, slot, ...rest } = card;
  const p = card.profile;
  const profile = { type: p.type };
  for (const k of PROFILE_FIELDS[p.type] ?? []) profile[k] = k === 'poisson' ? !!p[k] : p[k];
  const out = { ...rest, profile };
  for (const k of ['request_count', 'duration_seconds', 'preset']) if (out[k] === null || out[k] === '') delete out[k];
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
export function renderCard(card, { presets, onChange, onStart, onStop, onReset, onRemove }) {
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
      showProfile(form, card);
      onChange();
    };
    // text and numbers update as typed; selects and checkboxes report their choice with "change"
    const choice = input.tagName === 'SELECT' || input.type === 'checkbox';
    input.addEventListener(choice ? 'change' : 'input', update);
  }
  showProfile(form, card);
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

function showProfile(form, card) {
  for (const type of Object.keys(PROFILE_FIELDS)) {
    form.querySelectorAll(`.p-${type}`).forEach(e => { e.hidden = card.profile.type !== type; });
  }
}
