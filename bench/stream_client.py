#!/usr/bin/env python3
"""Streaming latency probe (stdlib only) for the bench.

Sends N sequential streaming chat requests to HOST:PORT and, per request, records when each
SSE `data:` event arrives relative to the moment the request was sent. Reads the body with a
small hand-written chunked decoder on the raw socket, so nothing buffers between the wire
and the timestamps.

Usage: stream_client.py PORT N LABEL
Prints one JSON object on stdout: {"label", "first_ms": [...], "content_ms": [[...], ...],
"usage_seen": k, "done_seen": k, "errors": [...]}.
"""
import json
import socket
import sys
import time

BODY = json.dumps({"model": "bench-model", "stream": True,
                   "stream_options": {"include_usage": True},
                   "messages": [{"role": "user", "content": "Say x five times."}]}).encode()


class Reader:
    """Buffered reads from a socket, timestamping nothing itself."""

    def __init__(self, sock):
        self.sock, self.buf = sock, b""

    def _fill(self):
        data = self.sock.recv(65536)
        if not data:
            raise EOFError("connection closed early")
        self.buf += data

    def line(self):
        while b"\r\n" not in self.buf:
            self._fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def exactly(self, n):
        while len(self.buf) < n:
            self._fill()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def some(self):
        """Whatever is buffered, or the next recv (blocks until bytes arrive)."""
        if not self.buf:
            self._fill()
        out, self.buf = self.buf, b""
        return out


def one_request(port):
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    head = (f"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/json\r\nAccept: text/event-stream\r\n"
            f"Content-Length: {len(BODY)}\r\nConnection: close\r\n\r\n").encode()
    r = Reader(sock)
    events = []          # (ms since send, payload)
    pending = b""        # SSE text not yet split into events

    def on_bytes(data):
        nonlocal pending
        now = (time.perf_counter() - t0) * 1000
        pending += data
        while b"\n\n" in pending:
            ev, pending = pending.split(b"\n\n", 1)
            for ln in ev.split(b"\n"):
                if ln.startswith(b"data:"):
                    events.append((now, ln[5:].strip()))

    t0 = time.perf_counter()
    sock.sendall(head + BODY)
    status = r.line()
    headers = {}
    while True:
        ln = r.line()
        if not ln:
            break
        k, _, v = ln.decode("latin-1").partition(":")
        headers[k.strip().lower()] = v.strip().lower()
    if b" 200 " not in status + b" ":
        raise RuntimeError(f"status {status!r}")
    if "chunked" in headers.get("transfer-encoding", ""):
        while True:
            size = int(r.line().split(b";")[0], 16)
            if size == 0:
                break
            on_bytes(r.exactly(size))
            r.exactly(2)
    else:                # Content-Length or close-delimited: read until EOF
        try:
            while True:
                on_bytes(r.some())
        except EOFError:
            pass
    sock.close()
    return events


def main():
    port, n, label = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    out = {"label": label, "first_ms": [], "content_ms": [], "usage_seen": 0, "done_seen": 0, "errors": []}
    for _ in range(n):
        try:
            events = one_request(port)
        except Exception as e:  # keep going; the report shows how many failed
            out["errors"].append(repr(e))
            continue
        if not events:
            out["errors"].append("no data events")
            continue
        out["first_ms"].append(events[0][0])
        content = []
        for t, payload in events:
            if payload == b"[DONE]":
                out["done_seen"] += 1
                continue
            obj = json.loads(payload)
            if obj.get("choices"):
                content.append(t)
            elif obj.get("usage"):
                out["usage_seen"] += 1
        out["content_ms"].append(content)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
