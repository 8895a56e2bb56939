/**
 * A time chart on a plain canvas: the last `seconds` seconds, one line per series. A series is
 * one metric of one run (e.g. "TTFT p95" of card "chat"): its colour is the run's, its dash the
 * metric's, so p50/p95/p99 of one card read as one family. A colour may name a CSS custom
 * property ("--c0"): it is looked up at every draw, so a theme switch recolours the lines.
 */
export class TimeChart {
  constructor(canvas, { unit = '', seconds = 120 } = {}) {
    this.canvas = canvas; this.unit = unit; this.seconds = seconds;
    this.series = new Map(); // key → {label, colour, dash, points: Map(epoch second → value)}
    this.max = 0;
  }

  /** Records `value` for `key` at the second `now` falls in; null leaves a gap. */
  add(key, { label, colour, dash = [] }, value, now = Date.now()) {
    let s = this.series.get(key);
    if (!s) { s = { label, colour, dash, points: new Map() }; this.series.set(key, s); }
    const second = Math.floor(now / 1000);
    if (value !== null && value !== undefined && Number.isFinite(Number(value))) s.points.set(second, Number(value));
    for (const k of s.points.keys()) if (k <= second - this.seconds) s.points.delete(k);
  }

  /** Forgets every series whose key starts with `prefix` (a run's, on reset). */
  forget(prefix = '') {
    for (const key of [...this.series.keys()]) if (key.startsWith(prefix)) this.series.delete(key);
  }

  draw(now = Date.now()) {
    const c = this.canvas, ratio = window.devicePixelRatio || 1;
    const w = c.clientWidth, h = c.clientHeight;
    if (!w || !h) return;
    if (c.width !== Math.round(w * ratio) || c.height !== Math.round(h * ratio)) {
      c.width = Math.round(w * ratio); c.height = Math.round(h * ratio);
    }
    const g = c.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, w, h);
    const css = getComputedStyle(document.documentElement);
    const colour = name => css.getPropertyValue(name).trim();
    const end = Math.floor(now / 1000) - 1, first = end - this.seconds + 1;
    let max = 0;
    for (const s of this.series.values()) for (const [t, v] of s.points) if (t >= first && t <= end) max = Math.max(max, v);
    this.max = max;
    const top = niceCeiling(max), left = 0, bottom = h - 14, plot = bottom - 6;
    const x = t => left + (t - first) * (w - left) / (this.seconds - 1);
    const y = v => bottom - (top ? v / top : 0) * plot;

    g.font = `11px ${colour('--font')}`;
    g.lineWidth = 1; g.strokeStyle = colour('--line'); g.fillStyle = colour('--muted');
    for (let i = 0; i <= 2; i++) {
      const v = top * i / 2, yy = Math.round(y(v)) + 0.5;
      g.beginPath(); g.moveTo(0, yy); g.lineTo(w, yy); g.stroke();
      if (i) g.fillText(`${fmt(v)}${this.unit}`, 2, yy + 11);
    }
    g.textAlign = 'right'; g.fillText('now', w - 2, h - 2);
    g.textAlign = 'left'; g.fillText(`−${this.seconds}s`, 2, h - 2);
    g.textAlign = 'center'; g.fillText(`−${this.seconds / 2}s`, w / 2, h - 2);
    g.textAlign = 'left';

    for (const s of this.series.values()) {
      g.strokeStyle = s.colour.startsWith('--') ? colour(s.colour) : s.colour; g.lineWidth = 1.8; g.setLineDash(s.dash); g.beginPath();
      let drawing = false;
      for (let t = first; t <= end; t++) {
        const v = s.points.get(t);
        if (v === undefined) { drawing = false; continue; }
        drawing ? g.lineTo(x(t), y(v)) : g.moveTo(x(t), y(v));
        drawing = true;
      }
      g.stroke();
    }
    g.setLineDash([]);
  }

  /** What the legend shows: one entry per series that has points. */
  legend() {
    return [...this.series.values()].filter(s => s.points.size).map(({ label, colour, dash }) => ({ label, colour, dash }));
  }
}

/** 1, 2 or 5 times a power of ten, at least `v`. */
export function niceCeiling(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map(m => m * p).find(c => c >= v);
}

export const fmt = v => v >= 100 || Number.isInteger(v) ? Math.round(v).toString() : v.toFixed(1);
