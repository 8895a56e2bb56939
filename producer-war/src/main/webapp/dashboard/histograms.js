import { h } from '../dom.js';
import { num } from '../format.js';
import { plot } from '../charts/plot.js';

/**
  * A run's latency histograms (TTFT, ITL, end-to-end) from its summary's `histograms`: bars of
  * the engine's linear buckets, x in milliseconds, y the number of requests (of gaps, for ITL)
  * in each; what lies past the last bucket is named in the caption.
  */
const KINDS = [
    { key: 'ttft_ms', title: 'TTFT', unit: 'requests' },
    { key: 'itl_ms', title: 'Inter-token latency', unit: 'gaps' },
    { key: 'e2e_ms', title: 'End-to-end latency', unit: 'requests' },
];

export class Histograms {
    /** `root`: the section; its heading names the run shown. */
    constructor(root, title) {
        this.root = root; this.title = title; this.shown = null; this.views = [];
    }

    /** Shows run `run` ({id, name, colour, summary}); the same run's new numbers redraw in place. */
    show(run) {
        const data = run?.summary?.histograms ?? {};
        if (!run || !Object.keys(data).length) { this.clear(); return; }
        const stamp = `${run.id}|${run.state}|${JSON.stringify(data)}`;
        if (stamp === this.shown) return;
        const same = this.shown?.startsWith(`${run.id}|`);
        this.shown = stamp;
        this.root.hidden = false;
        this.root.dataset.run = run.id;
        this.title.textContent = `Latency histograms: ${run.name} (${run.state})`;
        if (!same) this.build(run);
        for (const { kind, figure, view, caption } of this.views) {
            const hist = data[kind.key];
            figure.hidden = !hist;
            if (!hist) continue;
            const xs = hist.counts.map((_, i) => (i + 0.5) * hist.bucket_ms);
            view.set([xs, hist.counts]);
            const total = hist.counts.reduce((a, b) => a + b, 0) + hist.over;
            caption.textContent = `${total} ${kind.unit} · buckets of ${num(hist.bucket_ms)} ms${hist.over ? ` · ${hist.over} over ${num(hist.counts.length * hist.bucket_ms)} ms` : ''}`;
            figure.dataset.total = String(total);
        }
    }

    build(run) {
        this.views.forEach(v => v.view.destroy());
        const box = this.root.querySelector('.histograms');
        box.replaceChildren();
        this.views = KINDS.map(kind => {
            const caption = h('small');
            const figure = h('figure', { class: 'chart histogram', 'data-histogram': kind.key },
                h('figcaption', {}, h('b', { text: kind.title }), ' ', caption), h('div', { class: 'plot' }));
            box.append(figure);
            const view = plot(figure, { x: { unit: 'ms' }, xLabel: kind.title, unit: '', bars: true, height: 140,
                series: [{ label: kind.unit, stroke: () => getComputedStyle(document.documentElement).getPropertyValue(run.colour).trim(),
                    fillColour: run.colour, width: 1, value: (u, v) => v === null || v === undefined ? '–' : String(v) }] });
            return { kind, figure, view, caption };
        });
    }

    clear() {
        this.views.forEach(v => v.view.destroy());
        this.views = [];
        this.shown = null;
        this.root.hidden = true;
        this.root.querySelector('.histograms').replaceChildren();
    }
}
