// SVG cubic Bezier wires between an output port (right edge) and an endpoint (left edge).
import {h} from '../dom.js';

export function bezier(x1, y1, x2, y2) {
    const d = Math.max(60, Math.abs(x2 - x1) / 2);
    return `M ${x1} ${y1} C ${x1 + d} ${y1}, ${x2 - d} ${y2}, ${x2} ${y2}`;
}

export function outPort(node) {
    return {x: node.x + node.el.offsetWidth, y: node.y + node.el.offsetHeight / 2};
}

export function inPort(node) {
    return {x: node.x, y: node.y + node.el.offsetHeight / 2};
}

/** A wire that removes itself (through onRemove) on click, Enter or Delete. */
export function createWire(source, target, label, onRemove) {
    const hit = h('svg:path', {class: 'hit'});
    const line = h('svg:path', {class: 'line'});
    const title = h('svg:title', {text: `${label} (click to remove)`});
    const g = h('svg:g', {
        class: 'wire', tabindex: 0, role: 'button', 'aria-label': `Remove wire ${label}`,
        'data-source': source.key, 'data-target': target.key,
    }, title, hit, line);
    g.addEventListener('click', onRemove);
    g.addEventListener('keydown', e => {
        if (e.key === 'Enter' || e.key === 'Delete' || e.key === 'Backspace' || e.key === ' ') {
            e.preventDefault();
            onRemove();
        }
    });
    const wire = {
        g, source, target,
        layout() {
            const a = outPort(source);
            const b = inPort(target);
            const d = bezier(a.x, a.y, b.x, b.y);
            if (hit.getAttribute('d') === d) return;
            hit.setAttribute('d', d);
            line.setAttribute('d', d);
        },
    };
    return wire;
}
