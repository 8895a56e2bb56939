/** requests/s and output tokens/s over the last 120 s on a plain canvas, each on its own scale. */
export class Chart {
  constructor(canvas, maxRps, maxTps, seconds = 120) {
    this.canvas = canvas; this.maxRps = maxRps; this.maxTps = maxTps; this.seconds = seconds;
    this.points = new Map(); // epoch second → {req, tok}
  }
  add(req, tok, now = Date.now()) {
    const s = Math.floor(now / 1000);
    const p = this.points.get(s) ?? { req: 0, tok: 0 };
    p.req += req; p.tok += tok;
    this.points.set(s, p);
    for (const k of this.points.keys()) if (k <= s - this.seconds) this.points.delete(k);
  }
  draw(now = Date.now()) {
    const c = this.canvas, ratio = window.devicePixelRatio || 1;
    const w = c.clientWidth, h = c.clientHeight;
    if (c.width !== w * ratio) { c.width = w * ratio; c.height = h * ratio; }
    const g = c.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, w, h);
    const css = getComputedStyle(document.documentElement);
    g.strokeStyle = css.getPropertyValue('--line'); g.lineWidth = 1;
    for (let i = 1; i < 4; i++) { g.beginPath(); g.moveTo(0, h * i / 4); g.lineTo(w, h * i / 4); g.stroke(); }
    const end = Math.floor(now / 1000) - 1;
    const series = key => Array.from({ length: this.seconds }, (_, i) => this.points.get(end - this.seconds + 1 + i)?.[key] ?? 0);
    const line = (values, colour) => {
      const max = Math.max(1, ...values);
      g.strokeStyle = colour; g.lineWidth = 2; g.beginPath();
      values.forEach((v, i) => {
        const x = i * w / (this.seconds - 1), y = h - 4 - v / max * (h - 12);
        i ? g.lineTo(x, y) : g.moveTo(x, y);
      });
      g.stroke();
      return Math.max(...values);
    };
    this.maxTps.textContent = fmt(line(series('tok'), css.getPropertyValue('--fg')));
    this.maxRps.textContent = fmt(line(series('req'), css.getPropertyValue('--accent')));
  }
}
const fmt = v => Number.isInteger(v) ? String(v) : v.toFixed(1);
