-- wrk's script for `cargo xtask load` (xtask/src/load.rs): each of wrk's threads asks for the
-- paths given after `--` in turn over all its connections, the files a browser asks for when it
-- opens a course; every answer that is not 2xx, or is empty, is counted; at the end one line
-- `LOAD {json}` carries wrk's own figures, which load.rs reads.

local threads = {}

-- Runs in wrk's main Lua state, once per thread, before `init`.
function setup(thread)
  table.insert(threads, thread)
end

-- Runs in each thread's own Lua state; `args` are the paths.
function init(args)
  paths = args
  next_path = 0
  bad = 0
  if #paths == 0 then
    error("give the paths to ask for after --")
  end
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end

function response(status, headers, body)
  if status < 200 or status > 299 or body == nil or #body == 0 then
    bad = bad + 1
    if bad <= 3 then
      io.stderr:write(string.format("answer %d (%d bytes) to one of the requests\n", status, body and #body or 0))
    end
  end
end

function done(summary, latency, requests)
  local bad_answers = 0
  for _, thread in ipairs(threads) do
    bad_answers = bad_answers + thread:get("bad")
  end
  local e = summary.errors
  local ms = function(us) return us / 1000.0 end
  io.write(string.format(
    'LOAD {"duration_s":%.3f,"requests":%d,"bytes":%d,' ..
    '"latency_ms":{"mean":%.3f,"p50":%.3f,"p90":%.3f,"p99":%.3f,"max":%.3f},' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"status_4xx_5xx":%d,"not_2xx_or_empty":%d}}\n',
    summary.duration / 1e6, summary.requests, summary.bytes,
    ms(latency.mean), ms(latency:percentile(50)), ms(latency:percentile(90)),
    ms(latency:percentile(99)), ms(latency.max),
    e.connect, e.read, e.write, e.timeout, e.status, bad_answers))
end
