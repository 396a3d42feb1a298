-- GET one path again and again (SCALE_PATH) with the headers of SCALE_HEADERS ("Name: value|Name: value").
-- Every thread counts its answers by status; done() sums them over the threads and prints one line
-- "SCALE-RESULT {json}": requests, latency percentiles in µs, statuses, socket errors.
local threads = {}
function setup(thread) table.insert(threads, thread) end

local path = os.getenv("SCALE_PATH")
local headers = {}
for pair in string.gmatch(os.getenv("SCALE_HEADERS") or "", "[^|]+") do
  local k, v = string.match(pair, "^([^:]+):%s*(.*)$")
  if k then headers[k] = v end
end
statuses = {}
request = function() return wrk.format("GET", path, headers) end
response = function(status, h, body) statuses[status] = (statuses[status] or 0) + 1 end
done = function(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    if s then for code, n in pairs(s) do total[code] = (total[code] or 0) + n end end
  end
  local parts = {}
  for code, n in pairs(total) do parts[#parts + 1] = string.format('"%d": %d', code, n) end
  local e = summary.errors
  io.write(string.format('SCALE-RESULT {"requests": %d, "p50": %d, "p95": %d, "p99": %d, "max": %d, "statuses": {%s}, "socketErrors": %d}\n',
    summary.requests, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    table.concat(parts, ", "), e.connect + e.read + e.write + e.timeout))
end
