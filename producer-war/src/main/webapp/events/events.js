import { $, h } from '../dom.js';
import { download, stamp } from '../dashboard/download.js';

/** The event log: the last 1,000 kept for the export, the last 200 shown, newest first. */
const events = [];

export function event(text, level = 'info') {
    const e = { time: new Date().toISOString(), level, text };
    events.push(e);
    if (events.length > 1000) events.shift();
    const list = $('events');
    list.prepend(h('li', { class: level, text: `${e.time.slice(11, 19)} ${text}` }));
    while (list.children.length > 200) list.lastChild.remove();
}

$('export-events').addEventListener('click', () =>
    download(`events-${stamp()}.json`, 'application/json', JSON.stringify(events, null, 2)));
