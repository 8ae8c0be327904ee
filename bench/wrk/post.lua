-- wrk script for bench/http_wrk.sh: POST /v1/events, cycling through
-- pre-signed bodies (one a line: an event, or a JSON array of events), e.g.
--   wrk ... -s post.lua URL -- bodies.jsonl THREADS
-- Thread t sends lines t, t+THREADS, ... so no two threads send the same
-- event. A signed event is appended once: a thread that runs out of bodies
-- starts again, and those replays answer 200; they are counted apart from
-- the 201s ("created"), and any other status as "other".
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  local n = tonumber(args[2])
  bodies = {}
  local i = 0
  for line in io.lines(args[1]) do
    if #line > 0 then
      if i % n == tid then bodies[#bodies + 1] = line end
      i = i + 1
    end
  end
  next_body, created, replayed, other, first_error = 0, 0, 0, 0, ""
  wrk.method = "POST"
  wrk.path = "/v1/events"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  next_body = next_body % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[next_body])
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  elseif status == 200 then
    replayed = replayed + 1
  else
    other = other + 1
    if first_error == "" then first_error = status .. " " .. string.sub(body or "", 1, 160) end
  end
end

function done(summary, latency, requests)
  local c, r, o, err, bodies_total = 0, 0, 0, "", 0
  for _, t in ipairs(threads) do
    c = c + t:get("created")
    r = r + t:get("replayed")
    o = o + t:get("other")
    if err == "" then err = t:get("first_error") end
  end
  local e = summary.errors
  err = string.gsub(string.gsub(err, '\\', '\\\\'), '"', '\\"')
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p90_us": %d,' ..
    ' "p99_us": %d, "max_us": %d, "err_connect": %d, "err_read": %d, "err_write": %d,' ..
    ' "err_status": %d, "err_timeout": %d, "created": %d, "replayed": %d, "other": %d,' ..
    ' "first_error": "%s"}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max, e.connect, e.read, e.write,
    e.status, e.timeout, c, r, o, string.gsub(err, "[%c]", " ")))
end
