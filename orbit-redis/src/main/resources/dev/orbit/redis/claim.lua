-- Takes a fleet claim if nobody holds it, with a fence token above every token handed out before.
-- KEYS: 1 claim, 2 fence counter, 3 the host's claim index
-- ARGV: 1 ttl ms, 2 holder (host|epoch|node|pid|owner), 3 subject
-- Returns {1, token} when claimed, {0, current value} when held by another.
local current = redis.call('GET', KEYS[1])
if current then
  return {0, current}
end
ensure_counter(KEYS[2])
local token = redis.call('INCR', KEYS[2])
local value = ARGV[2] .. '|' .. string.format('%d', token)
redis.call('SET', KEYS[1], value, 'PX', ARGV[1])
redis.call('HSET', KEYS[3], ARGV[3], value)
return {1, token}
