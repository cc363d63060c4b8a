"""Ticket queues in Redis, one hash per key: tickets served one at a time in the order they
were issued, each step one Lua script (atomic across every process sharing the Redis).

Rasa's conversation lock (bot/lock_store.py) and the desk's per-buyer turn
(bot/desk/buyer_turns.py) both queue on these. A ticket lives a lifetime (ms) from its
issue or its waiter's latest poll, so a process killed while holding or waiting blocks the
queue that long at most.
"""

# One hash per queue (a conversation, a buyer): field "issued" is the last ticket number, each other field a
# ticket waiting or served, valued with its deadline (ms, Redis's clock, so replicas'
# clocks need not agree). This prelude drops lapsed tickets and finds `first`, the ticket
# now served (the lowest live one), and `latest`, the last deadline (the key's expiry).
PRELUDE = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local fields = redis.call('HGETALL', KEYS[1])
local first, latest = nil, 0
for i = 1, #fields, 2 do
  local number = tonumber(fields[i])
  if number then
    local deadline = tonumber(fields[i + 1])
    if deadline <= now then
      redis.call('HDEL', KEYS[1], fields[i])
    else
      if first == nil or number < first then first = number end
      if deadline > latest then latest = deadline end
    end
  end
end
"""

# ARGV: lifetime (ms). Returns {ticket, 1 if it is served now else 0}. A new queue numbers
# from the current microsecond, so a holder whose ticket lapsed (and whose queue was then
# deleted) can never release a ticket of the next queue that happens to share its number.
ISSUE = (
    PRELUDE
    + """
if redis.call('HEXISTS', KEYS[1], 'issued') == 0 then
  local microsecond = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
  redis.call('HSET', KEYS[1], 'issued', string.format('%.0f', microsecond))
end
local ticket = string.format('%.0f', redis.call('HINCRBY', KEYS[1], 'issued', 1))
local deadline = now + tonumber(ARGV[1])
redis.call('HSET', KEYS[1], ticket, deadline)
redis.call('PEXPIREAT', KEYS[1], math.max(deadline, latest))
if first == nil then return {ticket, 1} end
return {ticket, 0}
"""
)

# ARGV: ticket, lifetime (ms). Renews the ticket; 1 if it is served now, 0 if it waits,
# -1 if it lapsed (its waiter stopped polling for a lifetime).
POLL = (
    PRELUDE
    + """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return -1 end
local deadline = now + tonumber(ARGV[2])
redis.call('HSET', KEYS[1], ARGV[1], deadline)
redis.call('PEXPIREAT', KEYS[1], math.max(deadline, latest))
if first == tonumber(ARGV[1]) then return 1 end
return 0
"""
)

# ARGV: ticket. Gives it back; the key goes when no ticket is left.
RELEASE = (
    "redis.call('HDEL', KEYS[1], ARGV[1])\n"
    + PRELUDE
    + """
if first == nil then redis.call('DEL', KEYS[1]) else redis.call('PEXPIREAT', KEYS[1], latest) end
return 1
"""
)
