#!/usr/bin/env python3
"""Tiny streaming fake OpenAI upstream (stdlib only) for the bench.

POST /v1/chat/completions with "stream": true answers with chunked SSE: 5 content chunks
100 ms apart, then a usage chunk (only if stream_options.include_usage), then [DONE].
The gaps make it visible whether a proxy relays events as they come or bunches them.
Without "stream" it answers one chat.completion JSON. GET /v1/models lists bench-model
(the balancer discovers models per endpoint).

Usage: stream_upstream.py PORT
"""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

EVENTS = 5
GAP_S = 0.100
CHUNK = {"id": "c", "object": "chat.completion.chunk",
         "choices": [{"index": 0, "delta": {"content": "x"}}]}
USAGE = {"id": "c", "object": "chat.completion.chunk", "choices": [],
         "usage": {"prompt_tokens": 12, "completion_tokens": EVENTS, "total_tokens": 12 + EVENTS}}
COMPLETION = {"id": "c", "object": "chat.completion", "model": "bench-model",
              "choices": [{"index": 0, "message": {"role": "assistant", "content": "xxxxx"},
                           "finish_reason": "stop"}],
              "usage": USAGE["usage"]}
MODELS = {"object": "list", "data": [{"id": "bench-model", "object": "model"}]}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"      # keep-alive + chunked, like a real upstream
    disable_nagle_algorithm = True     # each SSE event leaves in its own packet, now

    def log_message(self, *args):      # quiet: the bench prints numbers, not access logs
        pass

    def _json(self, status, obj):
        body = json.dumps(obj, separators=(",", ":")).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _chunk(self, data: bytes):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def do_GET(self):
        if self.path.rstrip("/") == "/v1/models":
            self._json(200, MODELS)
        else:
            self._json(404, {"error": "not found"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b"{}"
        if self.path != "/v1/chat/completions":
            self._json(404, {"error": "not found"})
            return
        try:
            req = json.loads(raw)
        except ValueError:
            self._json(400, {"error": "bad json"})
            return
        if not req.get("stream"):
            self._json(200, COMPLETION)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for i in range(EVENTS):
            if i:
                time.sleep(GAP_S)
            self._chunk(b"data: " + json.dumps(CHUNK, separators=(",", ":")).encode() + b"\n\n")
        if (req.get("stream_options") or {}).get("include_usage"):
            self._chunk(b"data: " + json.dumps(USAGE, separators=(",", ":")).encode() + b"\n\n")
        self._chunk(b"data: [DONE]\n\n")
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


if __name__ == "__main__":
    Server(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
