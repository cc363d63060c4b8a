"""The queue's Lua scripts: each runs atomically in Redis, so every desk replica sees a
claim, a sweep or a restore happen all at once (see bot/desk/queue.py)."""

# Claim: the first agent to set claimed_by wins; the winner's claim is idempotent.
# KEYS: item, queue:1..3   ARGV: conversation id, agent username
CLAIM = """
local holder = redis.call('HGET', KEYS[1], 'claimed_by')
if holder and holder ~= '' and holder ~= ARGV[2] then
  return {0, holder}
end
redis.call('HSET', KEYS[1], 'claimed_by', ARGV[2], 'conversation_id', ARGV[1])
for i = 2, #KEYS do redis.call('ZREM', KEYS[i], ARGV[1]) end
return {1, ARGV[2]}
"""

# Release a claim the journal refused (the conversation changed state meanwhile).
# KEYS: item   ARGV: agent username
RELEASE = """
if redis.call('HGET', KEYS[1], 'claimed_by') == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
"""

# Sweep one tier: items past their deadline move to the next tier with a fresh
# deadline (that tier's target for the item's queue) and are flagged breached; in
# the top tier they are only flagged. Returns id, new deadline ('' when flagged only), ...
# KEYS: this tier's queue, the next tier's queue (the same key for the top tier)
# ARGV: now, new pre-sale deadline, new after-sale deadline, item key prefix, next tier
SWEEP = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local moved = {}
for _, id in ipairs(due) do
  local item = ARGV[4] .. id
  if KEYS[1] ~= KEYS[2] then
    local deadline = ARGV[2]
    if redis.call('HGET', item, 'queue') == 'after_sale' then deadline = ARGV[3] end
    redis.call('ZREM', KEYS[1], id)
    redis.call('ZADD', KEYS[2], deadline, id)
    redis.call('HSET', item, 'tier', ARGV[5], 'breached', '1', 'deadline', deadline)
    table.insert(moved, id)
    table.insert(moved, deadline)
  elseif redis.call('HGET', item, 'breached') ~= '1' then
    redis.call('HSET', item, 'breached', '1')
    table.insert(moved, id)
    table.insert(moved, '')
  end
end
return moved
"""

# Restore from the journal: only conversations Redis knows nothing about (a
# claimed one keeps its item, so a restore can never re-queue it).
# KEYS: item, queue:<tier>   ARGV: deadline, then field/value pairs
RESTORE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('ZADD', KEYS[2], ARGV[1], redis.call('HGET', KEYS[1], 'conversation_id'))
return 1
"""
