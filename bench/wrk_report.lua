-- wrk script of the bench (bench/wrk.py): count the answers by status class, then print
-- one line "BENCH_WRK_JSON {...}" with the totals, the latency percentiles and the errors.
-- A response() function makes wrk hand each answer to Lua; only its status is read.

status_2xx, status_other = 0, 0  -- globals: done() reads them from each thread
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    status_2xx = status_2xx + 1
  else
    status_other = status_other + 1
  end
end

function done(summary, latency, requests)
  local ok, other = 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("status_2xx")
    other = other + thread:get("status_other")
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH_WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "status_2xx": %d, ' ..
    '"status_other": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, ' ..
    '"status_errors": %d, "timeouts": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, ' ..
    '"mean_us": %.1f, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, ok, other, errors.connect,
    errors.read, errors.write, errors.status, errors.timeout, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end
