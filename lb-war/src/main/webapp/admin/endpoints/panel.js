// "+ New Endpoint" dialog and the side panel that edits one endpoint.
import {h} from '../dom.js';
import {post, patch, del} from '../api.js';
import {openDialog, confirmDialog, toast} from '../dialog.js';
import {endpointForm} from './form.js';

export function newEndpointDialog(position, changed) {
    let dialog;
    const {form, focus} = endpointForm(null, async body => {
        await post('endpoints', {...body, pos_x: position.x, pos_y: position.y});
        dialog.close();
        changed();
    }, 'Create endpoint');
    dialog = openDialog('New endpoint', form);
    dialog.id = 'new-endpoint-dialog';
    focus();
}

export function createPanel(changed) {
    const panel = document.getElementById('panel');
    let current = null;

    function close() {
        current = null;
        panel.hidden = true;
        panel.replaceChildren();
    }

    function toggle(label, field, endpoint) {
        const input = h('input', {type: 'checkbox', id: `panel-${field}`});
        input.checked = endpoint[field];
        input.addEventListener('change', async () => {
            try {
                await patch(`endpoints/${endpoint.id}`, {[field]: input.checked});
                endpoint[field] = input.checked;
                changed();
            } catch (err) {
                input.checked = !input.checked;
                toast(err.message, 'error');
            }
        });
        return h('div', {class: 'field check'}, input, h('label', {for: input.id, text: label}));
    }

    function open(endpoint) {
        current = endpoint.id;
        const closeButton = h('button', {type: 'button', class: 'close', 'aria-label': 'Close panel', text: '×'});
        closeButton.addEventListener('click', close);
        const remove = h('button', {type: 'button', class: 'danger', text: 'Delete endpoint'});
        remove.addEventListener('click', async () => {
            if (!await confirmDialog(`Delete endpoint "${endpoint.name}"? Its statistics are lost.`, 'Delete')) return;
            try {
                await del(`endpoints/${endpoint.id}`);
                close();
                changed();
            } catch (err) {
                toast(err.message, 'error');
            }
        });
        const saved = h('p', {class: 'saved', role: 'status'});
        const {form} = endpointForm(endpoint, async body => {
            const updated = await patch(`endpoints/${endpoint.id}`, body);
            saved.textContent = 'Saved.';
            changed();
            open(updated);
        }, 'Save');
        panel.replaceChildren(
            h('div', {class: 'panel-head'}, h('h2', {text: endpoint.name}), closeButton),
            h('p', {class: 'muted', text: `id ${endpoint.id} · key ${endpoint.api_key_preview || 'none'}`}),
            h('p', {class: 'muted', text: `models: ${(endpoint.models || []).join(', ') || 'unknown'}`}),
            toggle('Enabled', 'enabled', endpoint),
            toggle('Connected to Incoming', 'connected', endpoint),
            form, saved, h('div', {class: 'actions'}, remove));
        panel.hidden = false;
        panel.querySelector('h2').setAttribute('tabindex', '-1');
        panel.querySelector('h2').focus();
    }

    document.addEventListener('keydown', e => {
        if (e.key === 'Escape' && !panel.hidden && !document.querySelector('dialog[open]')) close();
    });

    return {
        open,
        /** The endpoint disappeared (deleted elsewhere): close its panel. */
        sync(state) {
            if (current !== null && !state.endpoints.some(e => e.id === current)) close();
        },
    };
}
