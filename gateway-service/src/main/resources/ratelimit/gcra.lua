-- One rate-limit decision, atomically: the generic cell rate algorithm (a token bucket
-- stored as a single timestamp). The bucket allows `limit` requests per `period`,
-- bursts of up to `limit`, refilling evenly. Time is Redis's own, so gateway replicas
-- with drifting clocks share one view.
--   KEYS[1]  the bucket
--   ARGV[1]  limit: requests per period
--   ARGV[2]  period in microseconds
-- Returns {allowed (1|0), remaining, retry_after_ms}.
local limit = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local interval = period / limit
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
-- The theoretical arrival time: when the bucket will be full again.
local tat = tonumber(redis.call('GET', KEYS[1]))
if not tat or tat < now then
  tat = now
end
local allow_at = tat + interval - period
if now < allow_at then
  return {0, 0, math.ceil((allow_at - now) / 1000)}
end
local new_tat = tat + interval
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.max(1, math.ceil((new_tat - now) / 1000)))
return {1, math.floor((now + period - new_tat) / interval + 0.000001), 0}
