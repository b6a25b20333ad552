-- wrk script for `mediamatch serve`: GET /m/lookup by PDQ hash.
-- MODE=nomatch: fresh random hashes; MODE=match: hashes from HASHES (a hash list), 8 random bits flipped.
-- Prints one JSON line with requests/s and latency percentiles when done.
local mode = os.getenv("MODE") or "nomatch"
local banked = {}
local hex = "0123456789abcdef"

local function random_hash()
  local t = {}
  for i = 1, 64 do
    local k = math.random(1, 16)
    t[i] = hex:sub(k, k)
  end
  return table.concat(t)
end

local function flipped(h, bits)
  local t = {}
  for i = 1, 64 do t[i] = tonumber(h:sub(i, i), 16) end
  local done = {}
  local n = 0
  while n < bits do
    local b = math.random(0, 255)
    if not done[b] then
      done[b] = true
      n = n + 1
      local i = math.floor(b / 4) + 1
      t[i] = bit.bxor(t[i], bit.lshift(1, b % 4))
    end
  end
  for i = 1, 64 do t[i] = hex:sub(t[i] + 1, t[i] + 1) end
  return table.concat(t)
end

function setup(thread)
  thread:set("id", tostring(thread))
end

function init(args)
  math.randomseed(os.time() + tonumber(string.sub(tostring({}), 8), 16) % 100000)
  if mode == "match" then
    local f = assert(io.open(os.getenv("HASHES"), "r"))
    for line in f:lines() do
      banked[#banked + 1] = line
      if #banked >= 100000 then break end
    end
    f:close()
  end
end

function request()
  local h
  if mode == "match" then
    h = flipped(banked[math.random(1, #banked)], 8)
  else
    h = random_hash()
  end
  return wrk.format("GET", "/m/lookup?signal_type=pdq&signal=" .. h)
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  io.write(string.format('{"what":"lookup-%s","tool":"wrk","requests":%d,"per_second":%.0f,'
      .. '"p50_ms":%.2f,"p99_ms":%.2f,"p999_ms":%.2f,"errors":%d,"non_2xx":%d}\n',
      mode, summary.requests, summary.requests / secs, latency:percentile(50) / 1000,
      latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
      summary.errors.status))
end
