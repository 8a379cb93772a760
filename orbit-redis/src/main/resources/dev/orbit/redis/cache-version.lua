-- The cache's version counter now (created if missing), for clearing a host's near cache after a gap.
-- KEYS: 1 version counter
return ensure_counter(KEYS[1])
