-- Forwards a batch of local events into the fleet's stream and moves this host's forwarded position, atomically.
-- KEYS: 1 stream, 2 stream epoch, 3 this host's entry number in the stream epoch, 4 forwarded position of the host
-- ARGV: 1 maxlen, 2 expected position ('' when none), 3 new position, 4 host id, 5 event count,
--       then one encoded event per event (StreamEntryDescriptor)
-- Each entry: h = host id, n = its number among this host's entries in the stream epoch (1, 2, 3, ...), b = the
-- stream epoch, d = the encoded event. Numbering per host lets a reader count exactly what it missed of each host.
-- Returns {1, last stream id} when forwarded, {0, stored position} when another position is stored (another bridge
-- forwarded meanwhile, or an earlier attempt of this batch went through). A missing position (Redis lost its data)
-- accepts any expected one.
local stored = redis.call('GET', KEYS[4])
if stored and stored ~= ARGV[2] then
  return {0, stored}
end
local count = tonumber(ARGV[5])
local epoch, first = next_number(KEYS[2], KEYS[3])
if count > 1 then
  redis.call('INCRBY', KEYS[3], count - 1)
end
local last = ''
for i = 0, count - 1 do
  last = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*',
    'h', ARGV[4], 'n', first + i, 'b', epoch, 'd', ARGV[6 + i])
end
redis.call('SET', KEYS[4], ARGV[3])
return {1, last}
