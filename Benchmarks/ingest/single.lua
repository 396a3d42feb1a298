-- One event per request: POST /api/v1/applications/{id}/events, rotating over the applications.
dofile(os.getenv("INGEST_LUA_DIR") .. "/common.lua")

local reqs, n, k

function init(args)
   n = tonumber(env("INGEST_APPS", "1000"))
   local headers = json_headers()
   local body = event_json()
   reqs = {}
   for i = 0, n - 1 do
      reqs[i + 1] = wrk.format("POST", "/api/v1/applications/" .. app_id(i) .. "/events", headers, body)
   end
   -- threads start at different places so that they do not append to the same application together
   k = thread_start(n)
end

request = function()
   k = k + 1
   return reqs[(k % n) + 1]
end
