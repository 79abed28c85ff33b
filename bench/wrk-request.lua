-- One fixed request for wrk, plus an exact count of non-2xx responses.
--
-- Usage: wrk ... -s bench/wrk-request.lua <url> -- METHOD PATH [BODY] [API_KEY]
--   BODY "" means no body (and no Content-Type), as clients send for a token mint.
--
-- wrk's own "Non-2xx or 3xx responses" counter misses 3xx and 1xx, so responses are counted
-- here (a response() callback costs wrk a little CPU: it must parse headers per response).
-- done() prints one machine-readable line starting with "RESULT" that bench/http-bench.sh parses.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   local method = args[1] or "GET"
   local path = args[2] or "/"
   local body = args[3]
   local key = args[4]
   local headers = {}
   if key ~= nil and key ~= "" then
      headers["Authorization"] = "Bearer " .. key
   end
   if body ~= nil and body ~= "" then
      headers["Content-Type"] = "application/json"
   else
      body = nil
   end
   -- Formatted once: every request on every connection is the same bytes.
   req = wrk.format(method, path, headers, body)
   non2xx = 0
   statuses = {}
end

function request()
   return req
end

function response(status, headers, body)
   if status < 200 or status > 299 then
      non2xx = non2xx + 1
      statuses[status] = (statuses[status] or 0) + 1
   end
end

function done(summary, latency, requests)
   local bad = 0
   local by_status = {}
   for _, thread in ipairs(threads) do
      bad = bad + thread:get("non2xx")
      -- statuses is a table in another Lua state; thread:get copies it here.
      local s = thread:get("statuses")
      for code, n in pairs(s) do
         by_status[code] = (by_status[code] or 0) + n
      end
   end
   local detail = ""
   for code, n in pairs(by_status) do
      detail = detail .. code .. ":" .. n .. ","
   end
   if detail == "" then detail = "-" else detail = detail:sub(1, -2) end
   local e = summary.errors
   io.write(string.format(
      "RESULT requests=%d duration_us=%d non2xx=%d statuses=%s connect_err=%d read_err=%d write_err=%d timeout_err=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.0f\n",
      summary.requests, summary.duration, bad, detail, e.connect, e.read, e.write, e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
