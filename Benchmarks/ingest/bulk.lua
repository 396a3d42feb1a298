-- INGEST_BATCH events per request: POST /api/v1/events {"events": [{"application": id, "event": {...}}, ...]},
-- spread over INGEST_SPREAD consecutive applications (default: INGEST_BATCH, a different one per event),
-- rotating over the INGEST_APPS applications.
dofile(os.getenv("INGEST_LUA_DIR") .. "/common.lua")

local reqs, m, k

function init(args)
   local n = tonumber(env("INGEST_APPS", "1000"))
   local batch = tonumber(env("INGEST_BATCH", "100"))
   local headers = json_headers()
   local spread = math.max(1, math.min(batch, tonumber(env("INGEST_SPREAD", tostring(batch)))))
   local ev = event_json()
   reqs = {}
   -- distinct bodies: starts 0, spread, 2·spread, … (mod n), enough to cover every application
   m = math.min(1000, math.max(64, math.ceil(n / spread)))
   for j = 0, m - 1 do
      local items = {}
      for e = 0, batch - 1 do
         items[e + 1] = string.format('{"application":"%s","event":%s}', app_id((j * spread + e % spread) % n), ev)
      end
      reqs[j + 1] = wrk.format("POST", "/api/v1/events", headers, '{"events":[' .. table.concat(items, ",") .. ']}')
   end
   k = thread_start(m)
end

request = function()
   k = k + 1
   return reqs[(k % m) + 1]
end
