// Pan (drag the background) and zoom (wheel or buttons) of the canvas world.
import {percent} from '../format.js';

export function createViewport(canvas, world, isBackground) {
    const view = {x: 0, y: 0, scale: 1};
    const apply = () => {
        world.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.scale})`;
        document.getElementById('zoom-reset').textContent = percent(view.scale, 1);
    };
    const zoomAt = (factor, cx, cy) => {
        const next = Math.min(2.5, Math.max(0.25, view.scale * factor));
        view.x = cx - (cx - view.x) * (next / view.scale);
        view.y = cy - (cy - view.y) * (next / view.scale);
        view.scale = next;
        apply();
    };
    const center = () => {
        const r = canvas.getBoundingClientRect();
        return [r.width / 2, r.height / 2];
    };
    canvas.addEventListener('wheel', e => {
        e.preventDefault();
        const r = canvas.getBoundingClientRect();
        zoomAt(e.deltaY < 0 ? 1.1 : 1 / 1.1, e.clientX - r.left, e.clientY - r.top);
    }, {passive: false});
    canvas.addEventListener('pointerdown', e => {
        if (e.button !== 0 || !isBackground(e.target)) return;
        const start = {x: e.clientX - view.x, y: e.clientY - view.y};
        canvas.setPointerCapture(e.pointerId);
        canvas.classList.add('panning');
        const move = m => {
            view.x = m.clientX - start.x;
            view.y = m.clientY - start.y;
            apply();
        };
        const up = () => {
            canvas.classList.remove('panning');
            canvas.removeEventListener('pointermove', move);
            canvas.removeEventListener('pointerup', up);
            canvas.removeEventListener('pointercancel', up);
        };
        canvas.addEventListener('pointermove', move);
        canvas.addEventListener('pointerup', up);
        canvas.addEventListener('pointercancel', up);
    });
    document.getElementById('zoom-in').addEventListener('click', () => zoomAt(1.2, ...center()));
    document.getElementById('zoom-out').addEventListener('click', () => zoomAt(1 / 1.2, ...center()));
    document.getElementById('zoom-reset').addEventListener('click', () => {
        Object.assign(view, {x: 0, y: 0, scale: 1});
        apply();
    });
    apply();
    return {
        get scale() {
            return view.scale;
        },
        /** Client (page) coordinates to world coordinates. */
        toWorld(clientX, clientY) {
            const r = canvas.getBoundingClientRect();
            return {x: (clientX - r.left - view.x) / view.scale, y: (clientY - r.top - view.y) / view.scale};
        },
    };
}
