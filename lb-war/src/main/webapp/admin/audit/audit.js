// The audit log, newest first.
import {h} from '../dom.js';
import {get} from '../api.js';
import {openDialog} from '../dialog.js';

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
            h('td', {text: `${a.target_type ?? ''} ${a.target_id ?? ''}`.trim()}),
            h('td', {text: (a.fields || []).join(', ')}), h('td', {class: 'mono', text: a.remote_address ?? ''}))));
        if (!entries.length) rows.append(h('tr', {}, h('td', {colspan: 5, text: 'No entries yet.'})));
    } catch (err) {
        error.textContent = err.message;
    }
}
