-- Shared prologue: a counter that starts at Redis's clock in microseconds when it is created, so that a Redis
-- restarted empty hands out numbers above every number it handed out before (unless more than one number per
-- microsecond was drawn on average since the counter was created).
local function ensure_counter(key)
  local value = redis.call('GET', key)
  if value then
    return value
  end
  local t = redis.call('TIME')
  value = t[1] .. string.format('%06d', tonumber(t[2]))
  redis.call('SET', key, value)
  return value
end
-- A stream's epoch and numbering: every entry carries its number n (1, 2, 3, ...) within the stream epoch b, so a
-- reader can count the entries it never saw; a new epoch means Redis lost the stream.
local function next_number(epoch_key, number_key)
  local epoch = redis.call('GET', epoch_key)
  if not epoch then
    local t = redis.call('TIME')
    epoch = t[1] .. string.format('%06d', tonumber(t[2]))
    redis.call('SET', epoch_key, epoch)
    redis.call('SET', number_key, 0)
  end
  return epoch, redis.call('INCR', number_key)
end
