import { $, h } from '../dom.js';
import { engineUrl } from '../live/channel.js';
import { event } from '../events/events.js';
import { comparisonView } from './compare.js';
import * as runs from '../runs/runs.js';

/** The Compare button: enabled with two or more ticked ended runs. */
export function paintCompare() {
    const n = runs.chosen().length;
    $('compare').disabled = n < 2;
    $('compare').textContent = n ? `Compare (${n})` : 'Compare';
}

/** Asks the engine for the runs side by side, in the order given (the first is the baseline), and shows them. */
export async function openComparison(ids, title = '') {
    const section = $('comparison');
    section.hidden = false;
    $('comparison-title').textContent = title;
    $('comparison-report').hidden = true;
    $('comparison-body').replaceChildren();
    const query = ids.map(encodeURIComponent).join(',');
    try {
        const answer = await fetch(engineUrl(`api/runs/compare?ids=${query}`));
        const body = await answer.json().catch(() => ({}));
        if (!answer.ok) throw new Error(body.error?.message ?? `HTTP ${answer.status}`);
        $('comparison-body').replaceChildren(comparisonView(body, id => runs.get(id)));
        $('comparison-report').href = engineUrl(`api/runs/compare?ids=${query}&format=html`).toString();
        $('comparison-report').hidden = false;
        event(`compared ${body.runs.map(r => r.name ?? r.id).join(' vs ')}`);
    } catch (e) {
        $('comparison-body').replaceChildren(h('p', { class: 'compare-error', text: `comparison failed: ${e.message}` }));
        event(`comparison failed: ${e.message}`, 'error');
    }
    section.scrollIntoView({ block: 'nearest' });
}

// oldest first: the earlier run is the baseline
$('compare').addEventListener('click', () => openComparison(runs.chosen()));
$('close-comparison').addEventListener('click', () => { $('comparison').hidden = true; });
