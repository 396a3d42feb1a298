-- Shared by the ingest benchmark's wrk scripts (run.py sets the environment).
--   RASIM_TOKEN    API token (Authorization: Bearer …)
--   INGEST_PREFIX  application id prefix; ids are PREFIX00001 … PREFIX<N> (5 digits)
--   INGEST_APPS    N, how many applications exist with that prefix
--   INGEST_BATCH   events per bulk request (bulk.lua)
--   INGEST_AT      the events' instant
--   INGEST_THREADS      threads of the whole load (all wrk processes together) that start apart
--   INGEST_THREAD_BASE  this wrk's first thread among them (default 0; run.py --servers 2 runs two wrk)
-- Every thread counts its responses by status code; done() sums them over the threads and prints one
-- line "INGEST-RESULT {json}" that run.py reads.

local threads = {}

function setup(thread)
   thread:set("tid", #threads)
   table.insert(threads, thread)
end

statuses = {}

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function env(name, default)
   local v = os.getenv(name)
   if v == nil or v == "" then return default end
   return v
end

-- Where this thread starts among `count` places: the whole load's threads start evenly apart.
function thread_start(count)
   local base = tonumber(env("INGEST_THREAD_BASE", "0"))
   return math.floor((base + tid) * count / tonumber(env("INGEST_THREADS", "2")))
end

function app_id(i)  -- i is 0-based
   return string.format("%s%05d", env("INGEST_PREFIX", "S-"), i + 1)
end

function json_headers()
   return { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. env("RASIM_TOKEN", "") }
end

function event_json()
   return string.format('{"type":"hearing_notified","at":"%s"}', env("INGEST_AT", "2025-03-04T10:00:00+05:00"))
end

function done(summary, latency, requests)
   local total = {}
   for _, t in ipairs(threads) do
      local s = t:get("statuses")
      if s then for code, n in pairs(s) do total[code] = (total[code] or 0) + n end end
   end
   local parts = {}
   for code, n in pairs(total) do table.insert(parts, string.format('"%d":%d', code, n)) end
   local e = summary.errors
   io.write(string.format(
      'INGEST-RESULT {"duration_us":%d,"requests":%d,"bytes":%d,"statuses":{%s},' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
      '"latency_us":{"min":%d,"mean":%.1f,"max":%d,"p50":%d,"p90":%d,"p95":%d,"p99":%d,"p999":%d}}\n',
      summary.duration, summary.requests, summary.bytes, table.concat(parts, ","),
      e.connect, e.read, e.write, e.status, e.timeout,
      latency.min, latency.mean, latency.max, latency:percentile(50), latency:percentile(90),
      latency:percentile(95), latency:percentile(99), latency:percentile(99.9)))
end
