// Operations, each behind a confirmation.
import {h} from '../dom.js';
import {post} from '../api.js';
import {openDialog, confirmDialog} from '../dialog.js';

const OPERATIONS = [
    {path: 'reset-stats', label: 'Reset statistics', text: 'Zero the statistics of all endpoints and tokens (also stored ones).'},
    {path: 'cache/clear', label: 'Clear cache', text: 'Empty the response cache.'},
    {path: 'db/vacuum', label: 'Vacuum database', text: 'Run SQLite VACUUM to compact the database file.'},
];

export function opsDialog(changed) {
    const result = h('p', {class: 'saved', role: 'status'});
    const items = OPERATIONS.map(op => {
        const button = h('button', {type: 'button', class: 'danger', text: op.label, 'data-op': op.path});
        button.addEventListener('click', async () => {
            if (!await confirmDialog(`${op.label}? ${op.text}`, op.label)) return;
            try {
                const answer = await post(op.path);
                result.textContent = `${op.label}: done${answer?.cleared !== undefined ? ` (${answer.cleared} entries)` : ''}.`;
                changed();
            } catch (err) {
                result.textContent = `${op.label} failed: ${err.message}`;
            }
        });
        return h('li', {}, button, h('span', {class: 'muted', text: ` ${op.text}`}));
    });
    openDialog('Operations', h('ul', {class: 'ops'}, ...items), result).id = 'ops-dialog';
}
