-- wrk script for bench/streams/run.sh: the streaming chat request (a 2 s SSE stream upstream).
-- Cache-Control: no-cache keeps any response cache out of it.
wrk.method = "POST"
wrk.body = '{"model":"bench-model","stream":true,"messages":[{"role":"user","content":"hi"}]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cache-Control"] = "no-cache"
