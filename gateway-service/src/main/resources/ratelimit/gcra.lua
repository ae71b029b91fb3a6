-- Takes up to `want` requests from a bucket, atomically: the generic cell rate algorithm
-- (a token bucket stored as a single timestamp). The bucket allows `limit` requests per
-- `period`, bursts of up to `limit`, refilling evenly. Time is Redis's own, so gateway
-- replicas with drifting clocks share one view. A gateway takes several requests at once
-- as a local lease; what it takes is gone from the bucket for every other replica, so
-- leases never let more than the budget through.
--   KEYS[1]  the bucket
--   ARGV[1]  limit: requests per period
--   ARGV[2]  period in microseconds
--   ARGV[3]  want: how many requests to take, at most
-- Returns {granted (0..want), remaining, retry_after_ms (when nothing was granted)}.
local limit = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local want = tonumber(ARGV[3])
local interval = period / limit
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
-- The theoretical arrival time: when the bucket will be full again.
local tat = tonumber(redis.call('GET', KEYS[1]))
if not tat or tat < now then
  tat = now
end
local available = math.floor((now + period - tat) / interval + 0.000001)
if available < 1 then
  return {0, 0, math.ceil((tat + interval - period - now) / 1000)}
end
local granted = math.min(want, available)
local new_tat = tat + granted * interval
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.max(1, math.ceil((new_tat - now) / 1000)))
return {granted, available - granted, 0}
