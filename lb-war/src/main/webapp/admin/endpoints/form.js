// The endpoint form, for "+ New Endpoint" and the side panel: the API's 422 details go next to
// their fields.
import {h} from '../dom.js';

const FIELDS = [
    {name: 'name', label: 'Name', type: 'text', required: true},
    {name: 'base_url', label: 'Base URL', type: 'url', placeholder: 'http://vllm:8000/v1', required: true},
    {name: 'api_key', label: 'API key', type: 'password'},
    {name: 'token_quota_percent', label: 'Token quota %', type: 'number', min: 0, max: 100, step: 'any'},
    {name: 'priority_order', label: 'Priority (lower first)', type: 'number', min: 0, step: 1},
    {name: 'max_concurrent', label: 'Max concurrent (0 = unlimited)', type: 'number', min: 0, step: 1},
    {name: 'timeout', label: 'Timeout s (empty = default)', type: 'number', min: 1, max: 3600, step: 'any'},
    {name: 'verify_tls', label: 'Verify TLS certificates', type: 'checkbox'},
];

let counter = 0;

/**
 * @param endpoint null for a new one
 * @param submit async (body) => void; throws ApiError
 */
export function endpointForm(endpoint, submit, submitLabel) {
    const id = `ef${++counter}`;
    const inputs = {};
    const errors = {};
    const general = h('p', {class: 'form-error', role: 'alert'});
    const rows = FIELDS.map(f => {
        const input = h('input', {
            id: `${id}-${f.name}`, name: f.name, type: f.type === 'url' ? 'text' : f.type,
            min: f.min, max: f.max, step: f.step, placeholder: f.placeholder, autocomplete: 'off',
            'aria-describedby': `${id}-${f.name}-error`, spellcheck: 'false',
        });
        const error = h('span', {class: 'field-error', id: `${id}-${f.name}-error`, 'data-field': f.name});
        inputs[f.name] = input;
        errors[f.name] = error;
        if (f.type === 'checkbox') {
            input.checked = endpoint ? endpoint.verify_tls : true;
            return h('div', {class: 'field check'}, input, h('label', {for: input.id, text: f.label}), error);
        }
        const value = endpoint?.[f.name];
        if (endpoint && f.name !== 'api_key' && value !== null && value !== undefined) input.value = String(value);
        if (f.name === 'api_key' && endpoint) {
            input.placeholder = endpoint.api_key_preview
                ? `unchanged (${endpoint.api_key_preview}); type to replace` : 'none; type to set';
        }
        return h('div', {class: 'field'}, h('label', {for: input.id, text: f.label}), input, error);
    });
    const button = h('button', {type: 'submit', class: 'primary', text: submitLabel});
    const form = h('form', {class: 'endpoint-form', novalidate: true}, ...rows, general, h('div', {class: 'actions'}, button));

    function body() {
        const out = {};
        for (const f of FIELDS) {
            const input = inputs[f.name];
            if (f.type === 'checkbox') {
                if (!endpoint || input.checked !== endpoint.verify_tls) out[f.name] = input.checked;
            } else if (f.type === 'number') {
                const raw = input.value.trim();
                if (raw === '') {
                    if (f.name === 'timeout' && endpoint && endpoint.timeout !== null) out.timeout = null;
                    continue;
                }
                const number = Number(raw);
                if (endpoint && number === endpoint[f.name]) continue;
                out[f.name] = Number.isNaN(number) ? raw : number;
            } else {
                const raw = input.value;
                if (f.name === 'api_key' && raw === '') continue; // write-only: empty = unchanged
                if (endpoint && raw === endpoint[f.name]) continue;
                out[f.name] = raw;
            }
        }
        return out;
    }

    form.addEventListener('submit', async e => {
        e.preventDefault();
        Object.values(errors).forEach(el => (el.textContent = ''));
        Object.values(inputs).forEach(el => el.removeAttribute('aria-invalid'));
        general.textContent = '';
        button.disabled = true;
        try {
            await submit(body());
        } catch (err) {
            const unplaced = [];
            for (const d of err.details || []) {
                if (errors[d.field]) {
                    errors[d.field].textContent = d.message;
                    inputs[d.field].setAttribute('aria-invalid', 'true');
                } else {
                    unplaced.push(`${d.field}: ${d.message}`);
                }
            }
            general.textContent = unplaced.length ? unplaced.join('; ') : (err.details?.length ? '' : err.message);
            form.querySelector('[aria-invalid="true"]')?.focus();
        } finally {
            button.disabled = false;
        }
    });
    return {form, focus: () => inputs.name.focus()};
}
