-- Reads a cache entry with the cache's version counter at the moment of reading (the entry's "as of").
-- KEYS: 1 version counter, 2 generation
-- ARGV: 1 key prefix (without generation), 2 key
-- Returns {as of, value or false, pttl}
local as_of = ensure_counter(KEYS[1])
local generation = redis.call('GET', KEYS[2]) or '0'
local key = ARGV[1] .. generation .. ':' .. ARGV[2]
local value = redis.call('GET', key)
if not value then
  return {as_of, false, -2}
end
return {as_of, value, redis.call('PTTL', key)}
