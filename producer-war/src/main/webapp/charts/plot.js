import uPlot from '../webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { num, tick } from '../format.js';

/**
  * uPlot, set up once for every chart of the page: hover shows each series' value in the legend,
  * dragging across the plot zooms into that x range (double-click: back), clicking a legend
  * entry hides or shows its series. Colours are CSS custom properties ("--c0", "--muted") read
  * at every draw, so a theme switch recolours the charts. Each chart's figure carries its x
  * range in data-x-min / data-x-max and the number of times new data was drawn in data-drawn
  * (what a test or a reader of the DOM can check).
  */
const css = name => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || name;
export const colour = name => String(name).startsWith('--') ? css(name) : name;

const clock = t => new Date(t * 1000).toTimeString().slice(0, 8);

const axis = (unit = '', extra = {}) => ({
    stroke: () => css('--muted'),
    grid: { stroke: () => css('--line'), width: 1 },
    ticks: { stroke: () => css('--line'), width: 1 },
    font: `11px ${css('--font')}`,
    values: (u, values) => values.map(v => `${tick(v)}${unit}`),
    ...extra,
});

/** A series of `chart`: label, colour (a CSS custom property), dash, unit for the legend's value. */
export const line = ({ label, colour: c, dash = [], unit = '', width = 1.6, points = false, show = true }) => ({
    label, show, dash, width, spanGaps: false,
    stroke: () => colour(c),
    fill: undefined,
    points: points ? { show: true, size: 7, stroke: () => colour(c), fill: () => colour(c) } : { show: false },
    value: (u, v) => v === null || v === undefined ? '–' : `${num(v)}${unit ? ` ${unit}` : ''}`,
});

/**
  * A chart in `figure`: `x` says how the x axis reads ({time: true} for epoch seconds, else a
  * unit such as "s" or "req/s"), `unit` the y axis' unit; `series` as {@link line} makes them.
  */
export function plot(figure, { x = { time: true }, unit = '', series = [], height = 150, bars = false, yMin = 0, xLabel }) {
    prune();
    const width = Math.max(240, figure.clientWidth || 300);
    const zoom = { on: false };
    const opts = {
        width, height,
        scales: { x: x.time ? { time: true } : { time: false }, y: { range: (u, min, max) => [Math.min(yMin, min ?? 0), niceMax(max)] } },
        series: [
            { label: x.time ? 'time' : xLabel ?? 'x', value: x.time ? (u, v) => (v === null || v === undefined ? '–' : clock(v)) : (u, v) => v === null || v === undefined ? '–' : `${num(v)}${x.unit ? ` ${x.unit}` : ''}` },
            ...series.map(s => bars ? { ...s, paths: uPlot.paths.bars({ size: [0.9, 60] }), fill: s.fillColour ? () => colour(s.fillColour) : undefined, points: { show: false } } : s),
        ],
        // the y unit is in each chart's caption: ticks stay short enough for the axis' width
        axes: [axis(x.unit ? ` ${x.unit}` : '', x.time ? { values: (u, values) => values.map(clock), space: 70 } : { space: 50 }),
            axis('', { size: 48 })],
        legend: { live: true, markers: { fill: (u, i) => (typeof u.series[i].stroke === 'function' ? u.series[i].stroke(u, i) : u.series[i].stroke) } },
        cursor: { drag: { x: true, y: false, setScale: true }, points: { size: 6 } },
        hooks: {
            setScale: [(u, key) => { if (key === 'x') mark(figure, u); }],
            // a finished drag (a selection with a width) zooms: later data must not undo it
            setSelect: [u => { if (u.select.width > 0) zoom.on = true; }],
        },
    };
    const u = new uPlot(opts, [[], ...series.map(() => [])], figure.querySelector('.plot') ?? figure);
    u.over.addEventListener('dblclick', () => { zoom.on = false; });
    fit(figure, u);
    drawn.add(u);
    return {
        u,
        /** New data; a zoomed chart keeps its range until double-clicked. */
        set(data) {
            u.setData(data, !zoom.on);
            mark(figure, u);
            figure.dataset.drawn = String(Number(figure.dataset.drawn ?? 0) + 1);
        },
        zoomed: () => zoom.on,
        destroy() { drawn.delete(u); u.destroy(); },
    };
}

/** Every chart on the page, redrawn in the new colours when the theme changes. */
const drawn = new Set();
export function redrawAll() {
    prune();
    for (const u of drawn) u.redraw(false, true);
}

/** Charts whose figure left the page (a replaced sweep view or comparison) are let go. */
function prune() {
    for (const u of [...drawn]) if (!u.root.isConnected) { drawn.delete(u); u.destroy(); }
}

function mark(figure, u) {
    const { min, max } = u.scales.x;
    figure.dataset.xMin = min === undefined || min === null ? '' : String(min);
    figure.dataset.xMax = max === undefined || max === null ? '' : String(max);
}

/** Follows its figure's width. */
function fit(figure, u) {
    if (typeof ResizeObserver === 'undefined') return;
    new ResizeObserver(() => {
        const w = Math.max(240, Math.floor(figure.clientWidth));
        if (w && Math.abs(w - u.width) > 2) u.setSize({ width: w, height: u.height });
    }).observe(figure);
}

/** 1, 2 or 5 times a power of ten, at least `v` (1 for nothing). */
export function niceMax(v) {
    if (!(v > 0)) return 1;
    const p = 10 ** Math.floor(Math.log10(v));
    return [1, 2, 5, 10].map(m => m * p).find(c => c >= v * 1.0001) ?? 10 * p;
}

export const join = tables => uPlot.join(tables);
