/** The one number formatter of the producer UI: tables, charts' values and axes, exports' labels. */

const missing = v => v === undefined || v === null || v === '' || Number.isNaN(Number(v));

/** 0 decimals from 100 up, 1 from 1 up (and for 0), 3 below: 1234 · 12.3 · 0.0 · 0.042; "–" for none. */
export function num(v) {
    if (missing(v)) return '–';
    const n = Number(v), a = Math.abs(n);
    return a >= 100 ? n.toFixed(0) : a >= 1 || n === 0 ? n.toFixed(1) : n.toFixed(3);
}

/** A difference with its sign: +1.5, −2.0, ±0.0. */
export const signed = v => (v > 0 ? '+' : v < 0 ? '−' : '±') + num(Math.abs(v));

/** A value and its unit ("12.3 ms"); "–" alone for none. */
export const withUnit = (v, unit = '') => missing(v) ? '–' : `${num(v)}${unit ? ` ${unit}` : ''}`;

/** An axis tick: short (1.2k, 3M), no trailing zeros. */
export function tick(v) {
    if (missing(v)) return '';
    const n = Number(v), a = Math.abs(n);
    if (a >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
    if (a >= 1e4) return `${+(n / 1e3).toFixed(1)}k`;
    return String(+n.toFixed(a >= 100 ? 0 : a >= 1 ? 1 : 3));
}
