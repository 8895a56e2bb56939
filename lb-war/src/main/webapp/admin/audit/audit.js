// The audit log, newest first.
import {h} from '../dom.js';
import {get} from '../api.js';
import {openDialog} from '../dialog.js';

const KINDS = {'endpoints': 'endpoint', 'tokens': 'token', 'incoming-blocks': 'incoming block'};

/** "endpoint 'vllm-a' (id 3)": the name as it was when the change was made. */
function target(a) {
    if (a.target_id === null || a.target_id === undefined || a.target_id === '') return a.target_type ?? '';
    const kind = KINDS[a.target_type] ?? a.target_type ?? '';
    return a.target_name ? `${kind} '${a.target_name}' (id ${a.target_id})` : `${kind} ${a.target_id}`;
}

export async function auditDialog() {
    const rows = h('tbody');
    const error = h('p', {class: 'form-error', role: 'alert'});
    const table = h('table', {class: 'grid'}, h('thead', {}, h('tr', {},
        ...['Time', 'Action', 'Target', 'Fields', 'From'].map(t => h('th', {text: t})))), rows);
    openDialog('Audit log', error, h('div', {class: 'scroll'}, table)).id = 'audit-dialog';
    try {
        const entries = await get('audit?limit=200');
        rows.replaceChildren(...entries.map(a => h('tr', {},
            h('td', {class: 'mono', text: a.at}), h('td', {text: a.action}),
            h('td', {text: target(a)}),
            h('td', {text: (a.fields || []).join(', ')}), h('td', {class: 'mono', text: a.remote_address ?? ''}))));
        if (!entries.length) rows.append(h('tr', {}, h('td', {colspan: 5, text: 'No entries yet.'})));
    } catch (err) {
        error.textContent = err.message;
    }
}
