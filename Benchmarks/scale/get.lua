-- GET one path again and again (SCALE_PATH) with the headers of SCALE_HEADERS ("Name: value|Name: value").
-- The counting of statuses and the result line are the ingest benchmark's (INGEST_LUA_DIR/common.lua).
dofile(os.getenv("INGEST_LUA_DIR") .. "/common.lua")

local path = os.getenv("SCALE_PATH")
local headers = {}
for pair in string.gmatch(os.getenv("SCALE_HEADERS") or "", "[^|]+") do
  local k, v = string.match(pair, "^([^:]+):%s*(.*)$")
  if k then headers[k] = v end
end
request = function() return wrk.format("GET", path, headers) end
