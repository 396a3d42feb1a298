-- The ceiling: GET /health on the same server (no token, no database).
dofile(os.getenv("INGEST_LUA_DIR") .. "/common.lua")
request = function() return wrk.format("GET", "/health") end
