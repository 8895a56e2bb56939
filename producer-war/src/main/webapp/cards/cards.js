/** Load cards: persisted in localStorage, edited in forms built from #card-template. */
const KEY = 'llmlb.producer.cards';

export function defaultCard() {
  return {
    uid: crypto.randomUUID?.() ?? String(Math.random()).slice(2),
    name: 'card', base_url: `${location.protocol}//${location.hostname}:8090/v1`, api_key: '', model: '',
    profile: { type: 'constant_concurrency', concurrency: 4, rate: 5, poisson: true },
    model_config: { max_tokens: 64, temperature: 0.7, stream: true },
    request_count: 100, duration_seconds: null,
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

/** The card as the engine (and the export) wants it. */
export function wire(card) {
  const { uid, ...rest } = card;
  const p = card.profile;
  const out = { ...rest, profile: p.type === 'constant_rate'
    ? { type: p.type, rate: p.rate, poisson: !!p.poisson } : { type: p.type, concurrency: p.concurrency } };
  for (const k of ['request_count', 'duration_seconds']) if (out[k] === null || out[k] === '') delete out[k];
  out.slo = Object.fromEntries(Object.entries(card.slo).filter(([, v]) => v !== null && v !== ''));
  return out;
}

const get = (o, path) => path.split('.').reduce((a, k) => a?.[k], o);
function set(o, path, value) {
  const keys = path.split('.'), last = keys.pop();
  keys.reduce((a, k) => a[k], o)[last] = value;
}

/** Builds a card's form; onChange after every edit. */
export function renderCard(card, { onChange, onStart, onStop, onRemove }) {
  const form = document.getElementById('card-template').content.firstElementChild.cloneNode(true);
  form.dataset.uid = card.uid;
  for (const input of form.querySelectorAll('[name]')) {
    const v = get(card, input.name);
    if (input.type === 'checkbox') input.checked = !!v; else input.value = v ?? '';
    input.addEventListener('input', () => {
      const value = input.type === 'checkbox' ? input.checked
        : input.type === 'number' ? (input.value === '' ? null : Number(input.value)) : input.value;
      set(card, input.name, value);
      showProfile(form, card);
      onChange();
    });
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
  form.querySelector('.remove').addEventListener('click', () => onRemove(card));
  form.addEventListener('submit', e => e.preventDefault());
  return form;
}

function showProfile(form, card) {
  const rate = card.profile.type === 'constant_rate';
  form.querySelectorAll('.p-rate').forEach(e => { e.hidden = !rate; });
  form.querySelectorAll('.p-concurrency').forEach(e => { e.hidden = rate; });
}
