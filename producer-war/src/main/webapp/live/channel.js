/**
  * The WebSocket to ws-proxy. Rule: page at the origin root (producer.war at "/") → "<origin>/ws-proxy/ws";
  * page under a context root (EAR: "/producer/") → "../ws-proxy/ws" relative to the page's folder.
  * ws: or wss: follows the page's http: or https:.
  */
export function socketUrl(loc = location) {
    const url = engineUrl('ws', loc);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.toString();
}

/** A path of ws-proxy (e.g. "api/presets") found by the same rule as the socket. */
export function engineUrl(path, loc = location) {
    const here = new URL('.', loc);
    return new URL(here.pathname === '/' ? `ws-proxy/${path}` : `../ws-proxy/${path}`, here);
}

export class Channel {
    constructor(onMessage, onState) {
        this.onMessage = onMessage;
        this.onState = onState;
        this.queue = [];
        this.connect();
    }
    connect() {
        this.ws = new WebSocket(socketUrl());
        this.onState('connecting');
        this.ws.onopen = () => { this.onState('open'); this.queue.splice(0).forEach(m => this.ws.send(m)); };
        this.ws.onmessage = e => this.onMessage(JSON.parse(e.data));
        this.ws.onclose = () => { this.onState('closed'); setTimeout(() => this.connect(), 2000); };
    }
    send(message) {
        const text = JSON.stringify(message);
        if (this.ws.readyState === WebSocket.OPEN) this.ws.send(text); else this.queue.push(text);
    }
}
