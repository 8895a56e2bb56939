import { $ } from './dom.js';
import { Channel } from './live/channel.js';
import { Panel } from './dashboard/panel.js';
import { Histograms } from './dashboard/histograms.js';
import { redrawAll } from './charts/plot.js';
import { onTheme } from './theme.js';
import { event } from './events/events.js';
import { addRecords, forgetRuns } from './log/requests.js';
import { renderRuns } from './runs/table.js';
import { paintCompare } from './compare/comparison.js';
import { initBoard, renderCards, paintCards, disconnected, onStarted, onError, onEnded } from './cards/board.js';
import * as runs from './runs/runs.js';

/**
  * The page: the engine's live messages into the runs, the charts, the request log and the
  * cards. Each concern lives in its own module; this one only routes.
  */
const panel = new Panel($('charts'), $('legend'));
const histograms = new Histograms($('histograms-pane'), $('histograms-title'));
/** The run whose histograms are shown: the one picked, else the newest with any. */
let picked = null;
const notes = new Map(); // run id → the last signals note logged

function showHistograms() {
    const run = (picked && runs.get(picked)) ?? runs.all().reverse().find(r => r.summary?.histograms && Object.keys(r.summary.histograms).length);
    histograms.show(run);
}

const table = { select: paintCompare, histogram: run => { picked = run.id; showHistograms(); } };

function refresh() {
    paintCards(); renderRuns(table); paintCompare(); showHistograms();
}

/** Forgets the results of the given runs: their rows, chart lines and request log rows. */
function forget(ids) {
    runs.forget(ids);
    ids.forEach(id => { panel.forget(id); notes.delete(id); });
    if (ids.includes(picked)) picked = null;
    forgetRuns(ids);
    refresh(); drawCharts();
}

const channel = new Channel(onMessage, state => {
    $('socket-state').textContent = `socket ${state}`;
    $('socket-state').className = `badge ${state}`;
    if (state === 'closed') {
        runs.disconnected();
        disconnected();
        renderRuns(table);
    }
});

function onMessage(m) {
    switch (m.type) {
        case 'started':
            onStarted(m);
            break;
        case 'second': {
            const run = runs.second(m);
            if (!run) return;
            panel.add(run.id, run.name, run.colour, m);
            if (m.dropped_records > 0) event(`${run.name}: ${m.dropped_records} records not sent this second`);
            if (run.signalsNote && notes.get(run.id) !== run.signalsNote) event(`${run.name}: ${run.signalsNote}`, 'error');
            notes.set(run.id, run.signalsNote);
            break;
        }
        case 'requests': {
            const run = runs.get(m.id);
            if (run) addRecords(run, m.records);
            return;
        }
        case 'ended': {
            const run = runs.ended(m.id, m.state);
            if (!run) return;
            event(`${run.name} ${m.state}: ${run.summary?.requests ?? 0} requests, ${run.summary?.errors ?? 0} errors`,
                m.state === 'failed' ? 'error' : 'info');
            onEnded(run);
            break;
        }
        case 'error':
            onError(m);
            break;
        default: return;
    }
    refresh();
}

function drawCharts() {
    panel.draw();
    $('max-rps').textContent = String(panel.max('requests'));
    $('max-tps').textContent = String(panel.max('tokens'));
}

onTheme(() => { panel.retheme(); drawCharts(); redrawAll(); });
initBoard(channel, forget);
// a background tab throttles timers: only the drawing waits, the server keeps the pace
setInterval(drawCharts, 1000);
refresh();
drawCharts();
