-- Writes (puts or deletes) a cache entry under a new version and records an invalidation.
-- KEYS: 1 version counter, 2 generation, 3 invalidation stream, 4 stream epoch, 5 stream number, 6 cache registry
-- ARGV: 1 key prefix (without generation), 2 key, 3 op ('p' put, 'd' delete), 4 value (put), 5 ttl ms (0 = none),
--       6 cache name, 7 origin host, 8 stream maxlen
-- Returns the new version. A stored value is the version (8 bytes, big-endian) then the value bytes.
ensure_counter(KEYS[1])
local version = redis.call('INCR', KEYS[1])
local generation = redis.call('GET', KEYS[2]) or '0'
local key = ARGV[1] .. generation .. ':' .. ARGV[2]
if ARGV[3] == 'p' then
  local stored = struct.pack('>l', version) .. ARGV[4]
  if tonumber(ARGV[5]) > 0 then
    redis.call('SET', key, stored, 'PX', ARGV[5])
  else
    redis.call('SET', key, stored)
  end
else
  redis.call('DEL', key)
end
redis.call('SADD', KEYS[6], ARGV[6])
local epoch, n = next_number(KEYS[4], KEYS[5])
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[8], '*',
  'c', ARGV[6], 'k', ARGV[2], 'v', version, 'o', ARGV[3], 'h', ARGV[7], 'n', n, 'b', epoch)
return version
