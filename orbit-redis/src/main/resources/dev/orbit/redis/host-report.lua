-- Publishes this host's membership with an expiry and returns every host's report.
-- KEYS: 1 this host's hash, 2 the fleet's host index (sorted set: host id -> last seen ms)
-- ARGV: 1 host id, 2 host epoch, 3 bridge node, 4 members (encoded), 5 expiry ms
-- Returns {redis time ms, host id, seen ms, epoch, bridge, members, host id, ...} for every host whose hash
-- exists, then 'gone' followed by the ids of hosts whose hash expired (they are removed from the index).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('HSET', KEYS[1], 'epoch', ARGV[2], 'bridge', ARGV[3], 'members', ARGV[4], 'seen', now)
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('ZADD', KEYS[2], now, ARGV[1])
local result = {now}
local gone = {}
local prefix = string.sub(KEYS[1], 1, string.len(KEYS[1]) - string.len(ARGV[1]))
for _, host in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  local fields = redis.call('HMGET', prefix .. host, 'seen', 'epoch', 'bridge', 'members')
  if fields[1] then
    table.insert(result, host)
    table.insert(result, fields[1])
    table.insert(result, fields[2])
    table.insert(result, fields[3])
    table.insert(result, fields[4])
  else
    table.insert(gone, host)
    redis.call('ZREM', KEYS[2], host)
  end
end
table.insert(result, 'gone')
for _, host in ipairs(gone) do
  table.insert(result, host)
end
return result
