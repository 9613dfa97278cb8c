-- wrk script for vconf's benchmark: replays a file of pre-rendered requests, one per line:
--   METHOD <TAB> PATH <TAB> ACCESS-TOKEN (or -) <TAB> JSON BODY (or -)
-- The file order is the mix (bench/run.ts writes it: e.g. every co-host pair added, then every one removed).
-- Each thread starts at its own offset. done() prints one JSON line the runner parses.
local lines = {}
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local path = os.getenv("BENCH_REQUESTS")
  local base = {}
  for line in io.lines(path) do
    local method, p, token, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    local headers = { ["Content-Type"] = "application/json" }
    if token ~= "-" then headers["x-acs-dingtalk-access-token"] = token end
    if body == "-" then body = nil end
    table.insert(base, wrk.format(method, p, headers, body))
  end
  lines = base
  counter = math.floor(#lines * (id or 0) / math.max(1, tonumber(os.getenv("BENCH_THREADS") or "1")))
end

function request()
  counter = counter + 1
  if counter > #lines then counter = 1 end
  return lines[counter]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50Us":%d,"p99Us":%d,"meanUs":%.1f,"maxUs":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean, latency.max))
end
