-- wrk script: durable chat.postMessage to #general from many users over keep-alive connections.
--
-- BENCH_TOKENS      file of "userId authToken" lines (written by bench/seed.py)
-- BENCH_CHECK_BODY  1 (default): count a reply as acknowledged only if it is HTTP 200 and its
--                   body has "success":true; 0: skip the body check (saves generator CPU)
--
-- Requests rotate over all users: each wrk thread pre-builds one request per (user, text)
-- pair and cycles through them, so consecutive requests on a connection come from different
-- users and every user posts. done() prints one machine-readable "BENCH ..." line.

local tokens_file = os.getenv("BENCH_TOKENS") or "tokens.txt"
local check_body = os.getenv("BENCH_CHECK_BODY") ~= "0"

local users = {}
for line in io.lines(tokens_file) do
  local uid, token = line:match("^(%S+)%s+(%S+)")
  if uid then
    users[#users + 1] = { uid, token }
  end
end
if #users == 0 then
  error("no users in " .. tokens_file)
end

-- setup() runs in the main Lua state once per wrk thread; keep the threads for done().
local threads = {}
local next_id = 0
function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  threads[#threads + 1] = thread
end

-- Per-thread state (each wrk thread has its own Lua state).
local reqs = {}
local n = 0
local i = 0
acked = 0
bad = 0
sent = 0

local TEXTS_PER_USER = 16

function init(args)
  local tid = id or 1
  for k = 0, #users * TEXTS_PER_USER - 1 do
    local u = users[(k % #users) + 1]
    local body = string.format(
      '{"roomId":"GENERAL","text":"bench t%d m%d: the quick brown fox jumps over the lazy dog"}',
      tid, k)
    reqs[#reqs + 1] = wrk.format("POST", "/api/v1/chat.postMessage", {
      ["Content-Type"] = "application/json",
      ["X-User-Id"] = u[1],
      ["X-Auth-Token"] = u[2],
    }, body)
  end
  n = #reqs
  -- Threads start at different users.
  i = ((tid - 1) * 7) % n
end

function request()
  i = i + 1
  if i > n then
    i = 1
  end
  sent = sent + 1
  return reqs[i]
end

if check_body then
  function response(status, headers, body)
    if status == 200 and body:find('"success":true', 1, true) then
      acked = acked + 1
    else
      bad = bad + 1
      if bad <= 3 then
        io.stderr:write(string.format("bad reply %d: %s\n", status, tostring(body):sub(1, 300)))
      end
    end
  end
end

function done(summary, latency, requests)
  local a, b, s = 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + (t:get("acked") or 0)
    b = b + (t:get("bad") or 0)
    s = s + (t:get("sent") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d sent=%d acked=%d bad=%d checked=%d"
      .. " err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d"
      .. " lat_min_us=%d lat_mean_us=%.0f lat_p50_us=%d lat_p90_us=%d lat_p99_us=%d"
      .. " lat_p999_us=%d lat_max_us=%d\n",
    summary.requests, summary.duration, s, a, b, check_body and 1 or 0,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9), latency.max))
end
