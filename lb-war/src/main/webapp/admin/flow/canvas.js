// The flow canvas: nodes, wires, dragging, connecting. Rebuilt only when the structure changes;
// the live numbers are updated in place.
import {h} from '../dom.js';
import {createViewport} from './viewport.js';
import {bezier, createWire, outPort} from './wires.js';
import {incomingNode, blockNode, endpointNode} from './nodes.js';

const DRAG_THRESHOLD = 4;
/** Where blocks without a stored position are drawn: under the Incoming node, one below the other. */
export const UNPLACED_BLOCK_Y = 360;
export const UNPLACED_BLOCK_STEP = 130;

export function createFlow(actions) {
    const canvas = document.getElementById('canvas');
    const world = document.getElementById('world');
    const layer = document.getElementById('nodes');
    const svg = document.getElementById('wires');
    const isBackground = t => t === canvas || t === world || t === layer || t === svg;
    const viewport = createViewport(canvas, world, isBackground);
    let nodes = new Map();
    let wires = [];
    let structure = '';
    let busy = false;
    let pendingSource = null;

    function place(node, x, y) {
        node.x = x;
        node.y = y;
        node.el.style.left = `${x}px`;
        node.el.style.top = `${y}px`;
    }

    function layoutWires(only) {
        wires.filter(w => !only || w.source === only || w.target === only).forEach(w => w.layout());
    }

    function setPending(source) {
        pendingSource?.el.classList.remove('connecting');
        pendingSource = source;
        source?.el.classList.add('connecting');
        canvas.classList.toggle('connect-mode', !!source);
    }

    function endpointAt(clientX, clientY) {
        const el = document.elementFromPoint(clientX, clientY)?.closest('.node.endpoint');
        return el ? nodes.get(`endpoint-${el.dataset.endpointId}`) : null;
    }

    function dragNode(node, e) {
        if (e.button !== 0 || e.target.closest('.port, select')) return;
        const start = {x: e.clientX, y: e.clientY, nx: node.x, ny: node.y};
        let moved = false;
        node.el.setPointerCapture(e.pointerId);
        busy = true;
        const move = m => {
            const dx = (m.clientX - start.x) / viewport.scale;
            const dy = (m.clientY - start.y) / viewport.scale;
            if (!moved && Math.hypot(dx, dy) * viewport.scale < DRAG_THRESHOLD) return;
            moved = true;
            node.el.classList.add('dragging');
            place(node, Math.round(start.nx + dx), Math.round(start.ny + dy));
            layoutWires(node);
        };
        const up = () => {
            node.el.removeEventListener('pointermove', move);
            node.el.removeEventListener('pointerup', up);
            node.el.removeEventListener('pointercancel', up);
            node.el.classList.remove('dragging');
            busy = false;
            if (moved) actions.moved(node, node.x, node.y);
            else activate(node);
        };
        node.el.addEventListener('pointermove', move);
        node.el.addEventListener('pointerup', up);
        node.el.addEventListener('pointercancel', up);
    }

    function activate(node) {
        if (pendingSource && node.kind === 'endpoint') {
            const source = pendingSource;
            setPending(null);
            actions.connect(source, node);
        } else if (node.kind === 'endpoint') {
            actions.selectEndpoint(node.data.id);
        } else if (node.kind === 'block') {
            actions.selectBlock(node.data.id);
        }
    }

    function dragWire(source, e) {
        if (e.button !== 0) return;
        e.stopPropagation();
        const port = e.currentTarget;
        port.setPointerCapture(e.pointerId);
        busy = true;
        const temp = h('svg:path', {class: 'wire-draft'});
        svg.append(temp);
        const from = outPort(source);
        let moved = false;
        const move = m => {
            moved = true;
            const to = viewport.toWorld(m.clientX, m.clientY);
            temp.setAttribute('d', bezier(from.x, from.y, to.x, to.y));
            document.querySelectorAll('.node.endpoint.drop').forEach(n => n.classList.remove('drop'));
            endpointAt(m.clientX, m.clientY)?.el.classList.add('drop');
        };
        const up = u => {
            port.removeEventListener('pointermove', move);
            port.removeEventListener('pointerup', up);
            port.removeEventListener('pointercancel', up);
            temp.remove();
            busy = false;
            document.querySelectorAll('.node.endpoint.drop').forEach(n => n.classList.remove('drop'));
            const target = moved ? endpointAt(u.clientX, u.clientY) : null;
            if (target) actions.connect(source, target);
            else if (!moved) setPending(pendingSource === source ? null : source);
        };
        port.addEventListener('pointermove', move);
        port.addEventListener('pointerup', up);
        port.addEventListener('pointercancel', up);
    }

    function add(key, kind, data, view, x, y) {
        const node = {key, kind, data, ...view};
        place(node, x, y);
        node.el.addEventListener('pointerdown', e => dragNode(node, e));
        node.el.addEventListener('keydown', e => {
            if ((e.key === 'Enter' || e.key === ' ') && e.target === node.el) {
                e.preventDefault();
                activate(node);
            }
        });
        const port = node.el.querySelector('.port.out');
        if (port) {
            port.addEventListener('pointerdown', e => dragWire(node, e));
            // keyboard: Enter/Space on the port starts connect mode (a pointer click is handled above)
            port.addEventListener('click', e => {
                if (e.detail === 0) setPending(pendingSource === node ? null : node);
            });
        }
        nodes.set(key, node);
        layer.append(node.el);
        return node;
    }

    function structureOf(state, blocks) {
        return JSON.stringify([state.incoming_pos,
            state.endpoints.map(e => [e.id, e.name, e.base_url, e.enabled, e.connected, e.pos_x, e.pos_y]),
            blocks.map(b => [b.id, b.name, b.pool_name, b.routing_mode, b.enabled, b.endpoint_ids, b.pos_x, b.pos_y])]);
    }

    function rebuild(state, blocks) {
        const focused = document.activeElement?.closest?.('.node')?.getAttribute('aria-label');
        layer.replaceChildren();
        svg.replaceChildren();
        nodes = new Map();
        wires = [];
        const pos = state.incoming_pos || {pos_x: 40, pos_y: 200};
        const incoming = add('incoming', 'incoming', null, incomingNode(actions), pos.pos_x, pos.pos_y);
        blocks.forEach((b, i) => {
            const unplaced = !b.pos_x && !b.pos_y;
            add(`block-${b.id}`, 'block', b, blockNode(b), unplaced ? 40 : b.pos_x,
                unplaced ? UNPLACED_BLOCK_Y + i * UNPLACED_BLOCK_STEP : b.pos_y);
        });
        state.endpoints.forEach((e, i) => {
            const unplaced = !e.pos_x && !e.pos_y;
            add(`endpoint-${e.id}`, 'endpoint', e, endpointNode(e),
                unplaced ? 420 : e.pos_x, unplaced ? 40 + i * 170 : e.pos_y);
        });
        const wire = (source, target) => {
            const w = createWire(source, target, `${source.kind === 'incoming' ? 'Incoming' : source.data.name} → ${target.data.name}`,
                () => actions.disconnect(source, target));
            wires.push(w);
            svg.append(w.g);
        };
        state.endpoints.filter(e => e.connected).forEach(e => wire(incoming, nodes.get(`endpoint-${e.id}`)));
        blocks.forEach(b => (b.endpoint_ids || []).forEach(id => {
            const target = nodes.get(`endpoint-${id}`);
            if (target) wire(nodes.get(`block-${b.id}`), target);
        }));
        layoutWires();
        if (focused) [...nodes.values()].find(n => n.el.getAttribute('aria-label') === focused)?.el.focus();
    }

    document.addEventListener('keydown', e => {
        if (e.key === 'Escape' && pendingSource) setPending(null);
    });

    return {
        /** Rebuilds when nodes or wires changed, else only refreshes the numbers in place. */
        show(state, blocks) {
            if (busy) return;
            const next = structureOf(state, blocks);
            if (next !== structure) {
                structure = next;
                rebuild(state, blocks);
            }
            nodes.get('incoming')?.update(state);
            state.endpoints.forEach(e => nodes.get(`endpoint-${e.id}`)?.update(e));
            layoutWires(); // a cooldown line changes a node's height; unchanged paths are not touched
        },
        /** Forces the next show() to rebuild (after a failed change, to undo a local move). */
        invalidate() {
            structure = '';
        },
    };
}
