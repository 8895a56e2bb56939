// Node elements: the Incoming node, incoming blocks and endpoints. Values only as text.
import {h, setText, fmt} from '../dom.js';

function port(direction, label) {
    return direction === 'out'
        ? h('button', {type: 'button', class: 'port out', 'aria-label': label, title: label})
        : h('span', {class: 'port in', 'aria-hidden': 'true'});
}

export function incomingNode(state) {
    const mode = h('span', {class: 'node-sub'});
    const el = h('div', {class: 'node incoming', tabindex: 0, 'aria-label': 'Incoming (default entry)'},
        h('div', {class: 'node-kind', text: 'Entry'}),
        h('div', {class: 'node-title', text: 'Incoming'}),
        mode,
        port('out', 'Connect from Incoming: drag to an endpoint, or press and then choose an endpoint'));
    return {el, update: s => setText(mode, `routing: ${s.routing_mode}`)};
}

export function blockNode(block) {
    const el = h('div', {
        class: `node block${block.enabled ? '' : ' disabled'}`, tabindex: 0,
        'aria-label': `Incoming block ${block.name}`, 'data-block-id': block.id,
    },
        h('div', {class: 'node-kind', text: 'Incoming block'}),
        h('div', {class: 'node-title', text: block.name}),
        h('span', {class: 'node-sub', text: `/v1/${block.pool_name ?? ''} · ${block.routing_mode ?? 'global'}`}),
        port('out', `Connect from block ${block.name}`));
    return {el, update() {}};
}

function stat(label) {
    const value = h('b', {text: '0'});
    return [h('span', {class: 'stat'}, value, ` ${label}`), value];
}

export function endpointNode(e) {
    const [tps, tpsV] = stat('tok/s');
    const [rps, rpsV] = stat('req/s');
    const [inflight, inflightV] = stat('in flight');
    const [failures, failuresV] = stat('failures');
    const cooldown = h('div', {class: 'cooldown-mark', 'aria-live': 'polite'});
    const flags = [e.enabled ? null : 'disabled', e.connected ? null : 'not connected'].filter(Boolean);
    const el = h('div', {
        class: `node endpoint${e.enabled ? '' : ' disabled'}`, tabindex: 0, role: 'button',
        'aria-label': `Endpoint ${e.name}`, 'data-endpoint-id': e.id,
    },
        port('in'),
        h('div', {class: 'node-kind', text: flags.length ? `Endpoint · ${flags.join(', ')}` : 'Endpoint'}),
        h('div', {class: 'node-title', text: e.name}),
        h('div', {class: 'node-sub url', text: e.base_url}),
        h('div', {class: 'stats'}, tps, rps, inflight, failures),
        cooldown);
    const update = live => {
        setText(tpsV, fmt(live.tokens_per_second, 1));
        setText(rpsV, fmt(live.requests_per_second, 2));
        setText(inflightV, `${live.inflight}/${live.max_concurrent || '∞'}`);
        setText(failuresV, String(live.failures));
        const cooling = live.in_cooldown;
        el.classList.toggle('cooling', cooling);
        if (cooling) {
            const until = live.cooldown_until ? Date.parse(live.cooldown_until) : NaN;
            const left = Number.isNaN(until) ? null : Math.max(0, Math.ceil((until - Date.now()) / 1000));
            setText(cooldown, left === null ? 'cooling down' : `cooling down · ${left} s`);
        } else {
            setText(cooldown, '');
        }
    };
    return {el, update};
}
