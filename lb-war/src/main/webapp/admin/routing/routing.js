// The global routing: its mode and session affinity, chosen on the Incoming node. The choices are
// the API's (RoutingMode, Affinity); the option lists here are the only copy in the UI.
import {h} from '../dom.js';

/** [value, label, hover text] of each routing mode. */
export const ROUTING_MODES = [
    ['percentage', 'percentage', 'each endpoint gets its token quota'],
    ['priority', 'priority', 'lowest priority order first, the next one when it is full'],
    ['least_load', 'least load', 'where the request is likely to start soonest'],
];

/** [value, label, hover text] of each affinity. */
export const AFFINITIES = [
    ['none', 'none', 'no session affinity'],
    ['user', 'user', "the request's user field"],
    ['header', 'header', 'the session header (LB_AFFINITY_HEADER)'],
    ['prefix', 'prefix', "the prompt's leading part"],
];

export function options(choices) {
    return choices.map(([value, text, title]) => h('option', {value, text, title}));
}

function choice(id, label, choices, changed) {
    const select = h('select', {id, onchange: e => changed(e.target.value)}, options(choices));
    return [h('label', {class: 'choice'}, h('span', {text: label}), select), select];
}

/**
 * The two selects, {@code #routing-mode} and {@code #affinity}; {@code update(state)} follows
 * the state unless the user is choosing.
 */
export function routingChoices({routing, affinity}) {
    const [modeLabel, mode] = choice('routing-mode', 'Routing', ROUTING_MODES, routing);
    const [affinityLabel, session] = choice('affinity', 'Affinity', AFFINITIES, affinity);
    const follow = (select, value) => {
        if (document.activeElement !== select && select.value !== value) select.value = value;
    };
    return {
        el: h('div', {class: 'choices'}, modeLabel, affinityLabel),
        update: s => {
            follow(mode, s.routing_mode);
            follow(session, s.affinity);
        },
    };
}
