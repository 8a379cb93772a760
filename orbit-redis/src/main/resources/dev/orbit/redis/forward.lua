-- Forwards a batch of local events into the fleet's stream and moves this host's forwarded position, atomically.
-- KEYS: 1 stream, 2 stream epoch, 3 stream number, 4 forwarded position of the host
-- ARGV: 1 maxlen, 2 expected position ('' when none), 3 new position, 4 host id, 5 host epoch, 6 event count,
--       then per event: origin id, timestamp, topic, headers, payload
-- Returns {1, last stream id} when forwarded, {0, stored position} when another position is stored (another bridge
-- forwarded meanwhile, or an earlier attempt of this one went through).
local stored = redis.call('GET', KEYS[4])
if stored and stored ~= ARGV[2] then
  return {0, stored}
end
local last = ''
local count = tonumber(ARGV[6])
for i = 0, count - 1 do
  local at = 7 + i * 5
  local epoch, n = next_number(KEYS[2], KEYS[3])
  last = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*',
    'h', ARGV[4], 'e', ARGV[5], 'i', ARGV[at], 'ts', ARGV[at + 1], 't', ARGV[at + 2], 'hd', ARGV[at + 3],
    'p', ARGV[at + 4], 'n', n, 'b', epoch)
end
redis.call('SET', KEYS[4], ARGV[3])
return {1, last}
