-- Shared by every scenario script (loaded with dofile): collects the threads and prints one
-- machine-readable line that the harness parses, after wrk's own human-readable summary.
--   BENCH_JSON {"requests":…,"durationUs":…,"errors":{…},"latencyUs":{…},"resets":…}

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local resets = 0
  for _, thread in ipairs(threads) do
    resets = resets + (thread:get('resets') or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"durationUs":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latencyUs":{"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"max":%d},"resets":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    resets))
end
