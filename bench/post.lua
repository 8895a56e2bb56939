-- wrk script: the small non-streaming chat request every target gets. Cache-Control: no-cache
-- keeps the balancer's response cache out of it: the benchmark measures proxying.
wrk.method = "POST"
wrk.body = '{"model":"bench-model","messages":[{"role":"user","content":"Say hello."}],"max_tokens":16}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cache-Control"] = "no-cache"
