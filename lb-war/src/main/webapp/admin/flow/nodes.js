// Node elements: the Incoming node, incoming blocks and endpoints. Values only as text.
import {h, setText} from '../dom.js';
import {ago, fixed, millis, secondsUntil} from '../format.js';
import {routingChoices} from '../routing/routing.js';

function port(direction, label) {
    return direction === 'out'
        ? h('button', {type: 'button', class: 'port out', 'aria-label': label, title: label})
        : h('span', {class: 'port in', 'aria-hidden': 'true'});
}

/** The default entry, with the global routing's choices; {@code routing} gets the chosen values. */
export function incomingNode(routing) {
    const choices = routingChoices(routing);
    const el = h('div', {class: 'node incoming', tabindex: 0, 'aria-label': 'Incoming (default entry)'},
        h('div', {class: 'node-kind', text: 'Entry'}),
        h('div', {class: 'node-title', text: 'Incoming'}),
        choices.el,
        port('out', 'Connect from Incoming: drag to an endpoint, or press and then choose an endpoint'));
    return {el, update: choices.update};
}

export function blockNode(block) {
    const el = h('div', {
        class: `node block${block.enabled ? '' : ' disabled'}`, tabindex: 0,
        'aria-label': `Incoming block ${block.name}`, 'data-block-id': block.id,
    },
        h('div', {class: 'node-kind', text: 'Incoming block'}),
        h('div', {class: 'node-title', text: block.name}),
        h('span', {class: 'node-sub', text: `/v1/${block.pool_name ?? ''} · ${block.routing_mode ?? 'global'}${block.affinity ? ` · ${block.affinity} affinity` : ''}`}),
        port('out', `Connect from block ${block.name}`));
    return {el, update() {}};
}

function stat(label) {
    const value = h('b', {text: '0'});
    return [h('span', {class: 'stat'}, value, ` ${label}`), value];
}

/** Sets the hover text only when it changed. */
function setTitle(el, text) {
    if (el.title !== text) el.title = text;
}

function describeError(err) {
    const parts = [`${err.message} [${err.kind}]`];
    if (err.body) parts.push(`body: ${err.body}`);
    parts.push(`at ${err.at}${err.request_id ? `, request ${err.request_id}` : ''}`);
    return parts.join('\n');
}

export function endpointNode(e) {
    const [tps, tpsV] = stat('tok/s');
    const [rps, rpsV] = stat('req/s');
    const [inflight, inflightV] = stat('in flight');
    const [failures, failuresV] = stat('failures');
    const [latency, latencyV] = stat('avg');
    const [ttft, ttftV] = stat('TTFT p50');
    const answers = h('div', {class: 'answers', 'aria-label': 'answers by status'});
    const load = h('div', {class: 'answers load-signal', 'aria-label': 'load reported by the endpoint'});
    const discovery = h('div', {class: 'node-warn discovery'});
    const lastError = h('div', {class: 'node-warn last-error', tabindex: 0});
    const cooldown = h('div', {class: 'cooldown-mark', 'aria-live': 'polite'});
    const flags = [e.enabled ? null : 'disabled', e.connected ? null : 'not connected'].filter(Boolean);
    const el = h('div', {
        class: `node endpoint${e.enabled ? '' : ' disabled'}`, tabindex: 0, role: 'button',
        'aria-label': `Endpoint ${e.name}`, 'data-endpoint-id': e.id,
    },
        port('in'),
        h('div', {class: 'node-kind', text: flags.length ? `Endpoint · ${flags.join(', ')}` : 'Endpoint'}),
        h('div', {class: 'node-title', text: e.name}),
        h('div', {class: 'node-sub url', text: e.base_url, title: e.base_url}),
        h('div', {class: 'stats'}, tps, rps, inflight, failures, latency, ttft),
        answers, load, discovery, lastError, cooldown);
    const update = live => {
        setText(tpsV, fixed(live.tokens_per_second, 1));
        setText(rpsV, fixed(live.requests_per_second, 2));
        setText(inflightV, `${live.inflight}/${live.max_concurrent || '∞'}`);
        setText(failuresV, String(live.failures));
        setText(latencyV, live.answers?.['2xx'] ? millis(live.avg_latency_seconds) : '–');
        setText(ttftV, millis(live.ttft_p50_seconds));
        const a = live.answers || {};
        const closed = (a.client_closed ?? 0), none = (a.no_answer ?? 0);
        setText(answers, `2xx ${a['2xx'] ?? 0} · 4xx ${a['4xx'] ?? 0} · 5xx ${a['5xx'] ?? 0}`
            + (none ? ` · no answer ${none}` : '') + (closed ? ` · closed ${closed}` : ''));
        setTitle(answers, `${live.requests} requests: 2xx ${a['2xx'] ?? 0}, 3xx ${a['3xx'] ?? 0}, 4xx ${a['4xx'] ?? 0},`
            + ` 5xx ${a['5xx'] ?? 0}, no answer ${none}, client closed ${closed}`);
        const ls = live.load_signal;
        if (ls) {
            const reported = [ls.waiting == null ? null : `queue ${fixed(ls.waiting, 0)}`,
                ls.kv_cache_usage == null ? null : `KV ${fixed(ls.kv_cache_usage * 100, 0)}%`].filter(Boolean);
            const parts = [];
            if (ls.age_seconds != null) {
                parts.push(`${reported.join(' · ') || 'load reported'} (${fixed(ls.age_seconds, 1)} s ago)`);
            }
            if (ls.server_load != null) {
                parts.push(`serving ${ls.server_load} (${fixed(ls.server_load_age_seconds, 1)} s ago)`);
            }
            setText(load, parts.join(' · '));
            setTitle(load, 'the load the endpoint reported in its last answer (endpoint-load-metrics: queue, KV cache)'
                + ' and in its GET /load (requests it serves, from every client); least_load uses them while fresh');
        } else {
            setText(load, '');
            setTitle(load, '');
        }
        const d = live.discovery;
        if (d && d.status === 'failed') {
            setText(discovery, d.hint ? `models: ${d.hint}` : `models: discovery failed (${d.error})`);
            setTitle(discovery, `model discovery failed ${ago(d.at)}: ${d.error}${d.hint ? `\n${d.hint}` : ''}`);
        } else {
            setText(discovery, '');
            setTitle(discovery, '');
        }
        const err = live.last_error;
        if (err) {
            setText(lastError, `last error ${ago(err.at)}: ${err.message}`);
            setTitle(lastError, describeError(err));
        } else {
            setText(lastError, '');
            setTitle(lastError, '');
        }
        const cooling = live.in_cooldown;
        el.classList.toggle('cooling', cooling);
        if (cooling) {
            const left = secondsUntil(live.cooldown_until);
            const why = live.cooldown_reason ? ` · ${live.cooldown_reason}` : '';
            setText(cooldown, (left === null ? 'cooling down' : `cooling down · ${left} s`) + why);
            setTitle(cooldown, live.cooldown_reason ?? '');
        } else {
            setText(cooldown, '');
            setTitle(cooldown, '');
        }
    };
    return {el, update};
}
