// The flow editor: polls /admin/api/state about every second and keeps the page in step.
import {$, setText} from './dom.js';
import {fixed, percent} from './format.js';
import {get, patch, token, onConnection} from './api.js';
import {initTheme} from './theme.js';
import {toast} from './dialog.js';
import {createFlow} from './flow/canvas.js';
import {createPanel, newEndpointDialog} from './endpoints/panel.js';
import {tokensDialog} from './tokens/tokens.js';
import {blocksDialog} from './incoming/blocks.js';
import {opsDialog} from './operations/operations.js';
import {auditDialog} from './audit/audit.js';

const BLOCKS_EVERY = 10;
let state = null;
let blocks = [];
let tick = 0;
let refreshing = null;

initTheme($('#theme-toggle'));

const banner = $('#banner');
onConnection(problem => {
    banner.hidden = !problem;
    document.body.classList.toggle('offline', !!problem);
    if (problem) setText(banner, `Connection lost: ${problem}. Retrying every second…`);
});

const tokenInput = $('#admin-token');
tokenInput.value = token.get();
$('#token-form').addEventListener('submit', e => {
    e.preventDefault();
    token.set(tokenInput.value);
    refresh(true);
});
tokenInput.addEventListener('change', () => {
    token.set(tokenInput.value);
    refresh(true);
});

async function run(action) {
    try {
        await action();
    } catch (err) {
        toast(err.message, 'error');
        flow.invalidate();
    }
    await refresh(true);
}

const panel = createPanel(() => refresh(true));

const flow = createFlow({
    moved: (node, x, y) => run(() => node.kind === 'incoming'
        ? patch('incoming-pos', {pos_x: x, pos_y: y})
        : patch(`${node.kind === 'block' ? 'incoming-blocks' : 'endpoints'}/${node.data.id}`, {pos_x: x, pos_y: y})),
    connect: (source, target) => run(() => source.kind === 'incoming'
        ? patch(`endpoints/${target.data.id}`, {connected: true})
        : patch(`incoming-blocks/${source.data.id}`,
            {endpoint_ids: [...new Set([...source.data.endpoint_ids, target.data.id])]})),
    disconnect: (source, target) => run(() => source.kind === 'incoming'
        ? patch(`endpoints/${target.data.id}`, {connected: false})
        : patch(`incoming-blocks/${source.data.id}`,
            {endpoint_ids: source.data.endpoint_ids.filter(id => id !== target.data.id)})),
    selectEndpoint: id => {
        const endpoint = state?.endpoints.find(e => e.id === id);
        if (endpoint) panel.open(endpoint);
    },
    selectBlock: id => blocksDialog(blocks, state?.endpoints ?? [], () => refresh(true), id),
    routing: mode => run(() => patch('routing', {mode})),
    affinity: affinity => run(() => patch('routing', {affinity})),
});

function footer(s) {
    setText($('#f-mode'), s.routing_mode);
    setText($('#f-tps'), fixed(s.tokens_per_second, 1));
    setText($('#f-rps'), fixed(s.requests_per_second, 2));
    setText($('#f-inflight'), String(s.total_inflight));
    setText($('#f-endpoints'), String(s.endpoints.length));
    setText($('#f-cooling'), String(s.endpoints.filter(e => e.in_cooldown).length));
    setText($('#f-version'), `v${s.version}`);
    const routed = (s.affinity_hits ?? 0) + (s.affinity_overflows ?? 0);
    $('#f-affinity-box').hidden = s.affinity === 'none';
    setText($('#f-affinity'), routed ? `${percent(s.affinity_hits, routed)} of ${routed}` : '–');
    $('#f-affinity-box').title = `${s.affinity_hits ?? 0} requests went to their session's endpoint, `
        + `${s.affinity_overflows ?? 0} elsewhere because it was busy`;
    const cluster = s.cluster;
    $('#f-cluster-box').hidden = !cluster;
    if (cluster) {
        setText($('#f-replica'), cluster.replica);
        setText($('#f-members'), String(cluster.members.length));
        $('#f-cluster-box').title = cluster.members.map(m => m.self
            ? `${m.name} (this one): ${m.inflight} in flight`
            : `${m.name}: ${m.inflight} in flight, heard from ${fixed(m.last_seen_seconds_ago, 1)} s ago`).join('\n');
    }
}

/** One poll; {@code withBlocks} also reloads the incoming blocks (after changes, and now and then). */
async function refresh(withBlocks = false) {
    if (refreshing) {
        await refreshing;
        if (!withBlocks) return;
    }
    refreshing = (async () => {
        try {
            const [next, nextBlocks] = await Promise.all([get('state'),
                withBlocks || tick % BLOCKS_EVERY === 0 || state === null ? get('incoming-blocks') : null]);
            state = next;
            if (nextBlocks) blocks = nextBlocks;
            flow.show(state, blocks);
            footer(state);
            panel.sync(state);
        } catch (err) {
            // the banner shows connection problems; nothing else to do until the next poll
        } finally {
            tick++;
            refreshing = null;
        }
    })();
    await refreshing;
}

$('#new-endpoint').addEventListener('click', () => {
    const count = state?.endpoints.length ?? 0;
    newEndpointDialog({x: 420 + Math.floor(count / 4) * 300, y: 40 + (count % 4) * 170}, () => refresh(true));
});
$('#open-tokens').addEventListener('click', () => tokensDialog(blocks));
$('#open-blocks').addEventListener('click', () => blocksDialog(blocks, state?.endpoints ?? [], () => refresh(true)));
$('#open-ops').addEventListener('click', () => opsDialog(() => refresh(true)));
$('#open-audit').addEventListener('click', () => auditDialog());

refresh(true);
setInterval(() => refresh(), 1000);
