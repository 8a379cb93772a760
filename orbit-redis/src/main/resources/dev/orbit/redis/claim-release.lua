-- Releases a fleet claim held by exactly this tenure and forgets it in the host's claim index.
-- KEYS: 1 claim, 2 the host's claim index
-- ARGV: 1 the tenure's value, 2 subject
-- Returns 1 when this call released it, 0 when it had already ended.
local released = 0
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  released = 1
end
if redis.call('HGET', KEYS[2], ARGV[2]) == ARGV[1] then
  redis.call('HDEL', KEYS[2], ARGV[2])
end
return released
