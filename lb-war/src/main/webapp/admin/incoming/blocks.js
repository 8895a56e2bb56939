// Incoming blocks: list, create, edit, delete. Wires of a block are drawn on the canvas.
import {h} from '../dom.js';
import {post, patch, del} from '../api.js';
import {openDialog, confirmDialog} from '../dialog.js';
import {AFFINITIES, ROUTING_MODES, options} from '../routing/routing.js';
import {UNPLACED_BLOCK_STEP, UNPLACED_BLOCK_Y} from '../flow/canvas.js';

/** Under the lowest block as the canvas draws it (an unplaced one where the canvas puts it), else under Incoming. */
function below(blocks) {
    const drawnAt = blocks.map((b, i) => (b.pos_x || b.pos_y ? b.pos_y : UNPLACED_BLOCK_Y + i * UNPLACED_BLOCK_STEP));
    return drawnAt.length ? Math.max(...drawnAt) + 160 : 380;
}

export function blocksDialog(blocks, endpoints, changed, editId = null) {
    const error = h('p', {class: 'form-error', role: 'alert'});
    const list = h('tbody');
    const name = h('input', {id: 'block-name', autocomplete: 'off'});
    const pool = h('input', {id: 'block-pool', autocomplete: 'off', placeholder: 'e.g. team-a'});
    const mode = h('select', {id: 'block-mode'}, h('option', {value: '', text: 'global'}), options(ROUTING_MODES));
    const affinity = h('select', {id: 'block-affinity'}, h('option', {value: '', text: 'global'}), options(AFFINITIES));
    const enabled = h('input', {id: 'block-enabled', type: 'checkbox'});
    const submit = h('button', {type: 'submit', class: 'primary'});
    const cancel = h('button', {type: 'button', text: 'New block instead'});
    let editing = null;

    function edit(block) {
        editing = block;
        name.value = block?.name ?? '';
        pool.value = block?.pool_name ?? '';
        mode.value = block?.routing_mode ?? '';
        affinity.value = block?.affinity ?? '';
        enabled.checked = block ? block.enabled : true;
        submit.textContent = block ? 'Save block' : 'Create block';
        cancel.hidden = !block;
        error.textContent = '';
        name.focus();
    }

    function render() {
        list.replaceChildren(...blocks.map(b => {
            const editButton = h('button', {type: 'button', class: 'small', text: 'Edit', 'aria-label': `Edit block ${b.name}`});
            editButton.addEventListener('click', () => edit(b));
            const remove = h('button', {type: 'button', class: 'danger small', text: 'Delete', 'aria-label': `Delete block ${b.name}`});
            remove.addEventListener('click', async () => {
                if (!await confirmDialog(`Delete incoming block "${b.name}"? Its tokens are unbound.`, 'Delete')) return;
                try {
                    await del(`incoming-blocks/${b.id}`);
                    blocks = blocks.filter(x => x.id !== b.id);
                    render();
                    changed();
                } catch (err) {
                    error.textContent = err.message;
                }
            });
            const wired = b.endpoint_ids.map(id => endpoints.find(e => e.id === id)?.name ?? `#${id}`).join(', ');
            return h('tr', {}, h('td', {text: b.name}), h('td', {class: 'mono', text: `/v1/${b.pool_name ?? ''}`}),
                h('td', {text: b.routing_mode ?? 'global'}), h('td', {text: b.affinity ?? 'global'}), h('td', {text: b.enabled ? 'yes' : 'no'}),
                h('td', {text: wired || '–'}), h('td', {}, editButton, ' ', remove));
        }));
    }

    const form = h('form', {class: 'inline-form'},
        h('label', {for: 'block-name', text: 'Name'}), name,
        h('label', {for: 'block-pool', text: 'Pool (path)'}), pool,
        h('label', {for: 'block-mode', text: 'Routing'}), mode,
        h('label', {for: 'block-affinity', text: 'Affinity'}), affinity,
        h('span', {class: 'check'}, enabled, h('label', {for: 'block-enabled', text: 'Enabled'})),
        submit, cancel);
    cancel.addEventListener('click', () => edit(null));
    form.addEventListener('submit', async e => {
        e.preventDefault();
        error.textContent = '';
        const body = {name: name.value, pool_name: pool.value || null, routing_mode: mode.value || null,
            affinity: affinity.value || null, enabled: enabled.checked};
        try {
            if (editing) {
                const updated = await patch(`incoming-blocks/${editing.id}`, body);
                blocks = blocks.map(b => (b.id === updated.id ? updated : b));
            } else {
                blocks = [...blocks, await post('incoming-blocks', {...body, pos_x: 40, pos_y: below(blocks)})];
            }
            render();
            edit(null);
            changed();
        } catch (err) {
            error.textContent = err.details?.length ? err.details.map(d => `${d.field}: ${d.message}`).join('; ') : err.message;
        }
    });
    const table = h('table', {class: 'grid'}, h('thead', {}, h('tr', {},
        ...['Name', 'Pool', 'Routing', 'Affinity', 'Enabled', 'Wired to', ''].map(t => h('th', {text: t})))), list);
    const dialog = openDialog('Incoming blocks',
        h('p', {class: 'muted', text: 'Wire a block to endpoints on the canvas: drag from its port to an endpoint.'}),
        form, error, h('div', {class: 'scroll'}, table));
    dialog.id = 'blocks-dialog';
    render();
    edit(blocks.find(b => b.id === editId) ?? null);
}
