-- Extends a fleet claim held by exactly this tenure.
-- KEYS: 1 claim
-- ARGV: 1 ttl ms, 2 the tenure's value
-- Returns 1 when renewed, 0 when the claim ended (expired, released, or another holds it).
if redis.call('GET', KEYS[1]) == ARGV[2] then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  return 1
end
return 0
