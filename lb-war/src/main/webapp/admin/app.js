// Read-only status view: every value from the API goes into the page as text, never as HTML.
const tokenInput = document.getElementById('token');
const banner = document.getElementById('banner');
tokenInput.value = sessionStorage.getItem('adminToken') || '';
tokenInput.addEventListener('change', () => {
    sessionStorage.setItem('adminToken', tokenInput.value);
    refresh();
});

function cell(text) {
    const td = document.createElement('td');
    td.textContent = text;
    return td;
}

function render(state) {
    const rows = state.endpoints.map(e => {
        const tr = document.createElement('tr');
        const status = !e.enabled ? 'disabled' : e.in_cooldown ? 'cooling down' : 'ok';
        tr.append(cell(e.name), cell(e.base_url), cell(e.connected ? 'yes' : 'no'),
            cell(e.tokens_per_second.toFixed(1)), cell(e.requests_per_second.toFixed(2)),
            cell(`${e.inflight}/${e.max_concurrent || '∞'}`), cell(String(e.failures)), cell(status));
        tr.className = status.replace(' ', '-');
        return tr;
    });
    document.getElementById('endpoints').replaceChildren(...rows);
    document.getElementById('footer').textContent =
        `routing ${state.routing_mode} · ${state.tokens_per_second.toFixed(1)} tok/s · `
        + `${state.requests_per_second.toFixed(2)} req/s · ${state.total_inflight} in flight · v${state.version}`;
}

async function refresh() {
    try {
        const response = await fetch('api/state', {headers: {'X-Admin-Token': tokenInput.value}});
        if (!response.ok) {
            throw new Error(response.status === 401 ? 'Wrong or missing admin token' : `HTTP ${response.status}`);
        }
        render(await response.json());
        banner.hidden = true;
    } catch (e) {
        banner.textContent = `Connection lost: ${e.message}`;
        banner.hidden = false;
    }
}

refresh();
setInterval(refresh, 1000);
