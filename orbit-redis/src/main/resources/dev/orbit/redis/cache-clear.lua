-- Clears a cache in O(1): a new generation (part of every key), a new version, an invalidation. The old
-- generation's keys are left to the bridges' background sweep.
-- KEYS: 1 version counter, 2 generation, 3 invalidation stream, 4 stream epoch, 5 stream number, 6 cache registry,
--       7 old generations of the cache
-- ARGV: 1 cache name, 2 origin host, 3 stream maxlen
-- Returns the new version.
ensure_counter(KEYS[1])
local version = redis.call('INCR', KEYS[1])
local old = redis.call('GET', KEYS[2]) or '0'
redis.call('INCR', KEYS[2])
redis.call('SADD', KEYS[7], old)
redis.call('SADD', KEYS[6], ARGV[1])
local epoch, n = next_number(KEYS[4], KEYS[5])
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[3], '*',
  'c', ARGV[1], 'k', '', 'v', version, 'o', 'c', 'h', ARGV[2], 'n', n, 'b', epoch)
return version
