-- wrk script for bench/http_wrk.sh: GET requests drawn at random from a file of
-- paths (one a line), e.g. wrk ... -s get.lua URL -- paths.txt
-- Prints one line "WRKJSON {...}" with the rate, latency percentiles and errors.
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  math.randomseed(1234 + tid)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p90_us": %d,' ..
    ' "p99_us": %d, "max_us": %d, "err_connect": %d, "err_read": %d, "err_write": %d,' ..
    ' "err_status": %d, "err_timeout": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max, e.connect, e.read, e.write,
    e.status, e.timeout))
end
