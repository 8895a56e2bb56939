// Client tokens: list, create (the full token shown once, with a copy button), enable, delete.
import {h} from '../dom.js';
import {get, post, patch, del} from '../api.js';
import {openDialog, confirmDialog} from '../dialog.js';

export async function tokensDialog(blocks) {
    const rows = h('tbody');
    const error = h('p', {class: 'form-error', role: 'alert'});
    const created = h('div', {class: 'created-token', hidden: true});
    const blockName = id => blocks.find(b => b.id === id)?.name ?? '–';

    async function load() {
        const tokens = await get('tokens');
        rows.replaceChildren(...tokens.map(t => {
            const enabled = h('input', {type: 'checkbox', 'aria-label': `Token ${t.name} enabled`});
            enabled.checked = t.enabled;
            enabled.addEventListener('change', () => act(() => patch(`tokens/${t.id}`, {enabled: enabled.checked})));
            const remove = h('button', {type: 'button', class: 'danger small', text: 'Delete', 'aria-label': `Delete token ${t.name}`});
            remove.addEventListener('click', async () => {
                if (await confirmDialog(`Delete client token "${t.name}"? Clients using it get 401.`, 'Delete')) {
                    await act(() => del(`tokens/${t.id}`));
                }
            });
            return h('tr', {},
                h('td', {text: t.name}), h('td', {class: 'mono', text: t.token_preview}),
                h('td', {text: t.incoming_block_id == null ? '–' : blockName(t.incoming_block_id)}),
                h('td', {}, enabled), h('td', {class: 'num', text: t.requests}),
                h('td', {class: 'num', text: t.prompt_tokens + t.completion_tokens}),
                h('td', {text: t.last_used_at ?? 'never'}), h('td', {}, remove));
        }));
    }

    async function act(fn) {
        error.textContent = '';
        try {
            await fn();
        } catch (err) {
            error.textContent = err.message;
        }
        await load().catch(() => {});
    }

    const name = h('input', {id: 'token-name', required: true, autocomplete: 'off'});
    const block = h('select', {id: 'token-block'}, h('option', {value: '', text: 'none (default Incoming)'}),
        ...blocks.map(b => h('option', {value: b.id, text: b.name})));
    const form = h('form', {class: 'inline-form'},
        h('label', {for: 'token-name', text: 'Name'}), name,
        h('label', {for: 'token-block', text: 'Bound to block'}), block,
        h('button', {type: 'submit', class: 'primary', text: 'Create token'}));
    form.addEventListener('submit', async e => {
        e.preventDefault();
        await act(async () => {
            const body = {name: name.value};
            if (block.value) body.incoming_block_id = Number(block.value);
            const t = await post('tokens', body);
            const value = h('input', {id: 'new-token-value', class: 'mono', readonly: true, value: t.token, 'aria-label': 'New token'});
            const copy = h('button', {type: 'button', text: 'Copy'});
            copy.addEventListener('click', async () => {
                value.select();
                try {
                    await navigator.clipboard.writeText(t.token);
                } catch (err) {
                    document.execCommand('copy');
                }
                copy.textContent = 'Copied';
            });
            created.replaceChildren(h('p', {text: `Token "${t.name}" created. Copy it now: it is not shown again.`}), value, copy);
            created.hidden = false;
            name.value = '';
        });
    });
    const table = h('table', {class: 'grid'}, h('thead', {}, h('tr', {},
        ...['Name', 'Token', 'Block', 'Enabled', 'Requests', 'Tokens', 'Last used', ''].map(t => h('th', {text: t})))), rows);
    const dialog = openDialog('Client tokens', form, created, error, h('div', {class: 'scroll'}, table));
    dialog.id = 'tokens-dialog';
    await load().catch(err => (error.textContent = err.message));
    name.focus();
}
