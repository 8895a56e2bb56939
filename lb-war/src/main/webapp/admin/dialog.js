// Modal dialogs (<dialog>, so focus is trapped and Escape closes) and the confirmation.
import {h} from './dom.js';

export function openDialog(title, ...content) {
    const close = h('button', {type: 'button', class: 'close', 'aria-label': 'Close', text: '×'});
    const heading = h('h2', {text: title, id: `dlg-${Math.random().toString(36).slice(2)}`});
    const dialog = h('dialog', {class: 'dialog', 'aria-labelledby': heading.id},
        h('div', {class: 'dialog-head'}, heading, close), ...content);
    close.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
    return dialog;
}

export function confirmDialog(message, confirmLabel = 'Confirm') {
    return new Promise(resolve => {
        let result = false;
        const yes = h('button', {type: 'button', class: 'danger', text: confirmLabel});
        const no = h('button', {type: 'button', text: 'Cancel'});
        const dialog = openDialog('Please confirm', h('p', {text: message}), h('div', {class: 'actions'}, no, yes));
        dialog.classList.add('confirm');
        yes.addEventListener('click', () => {
            result = true;
            dialog.close();
        });
        no.addEventListener('click', () => dialog.close());
        dialog.addEventListener('close', () => resolve(result));
        no.focus();
    });
}

/** A short status message in a live region (errors of actions that have no form). */
export function toast(message, kind = 'info') {
    const region = document.getElementById('toasts') || document.body.appendChild(
        h('div', {id: 'toasts', class: 'toasts', 'aria-live': 'polite'}));
    const item = h('p', {class: `toast ${kind}`, text: message});
    region.append(item);
    setTimeout(() => item.remove(), 5000);
}
