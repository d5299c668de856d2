-- SPDX-License-Identifier: Apache-2.0
-- Reminder: "remind me in 10s to stretch" (s, m, h). Pending reminders live in sb.kv, so a
-- reload or a restart keeps them.
sb.name = "Reminder"

local units = {
  [""] = 1, s = 1, sec = 1, secs = 1, second = 1, seconds = 1,
  m = 60, min = 60, mins = 60, minute = 60, minutes = 60,
  h = 3600, hour = 3600, hours = 3600,
}

local function remove(id)
  local pending = sb.kv.get("pending") or {}
  pending[id] = nil
  sb.kv.set("pending", pending)
end

local function schedule(id, r, delay)
  sb.after(delay, function()
    sb.send(r.to, "Reminder: " .. r.what)
    remove(id)
  end)
end

-- Reminders from before a reload or restart.
for id, r in pairs(sb.kv.get("pending") or {}) do
  -- A bad entry (from an older version of this script) is dropped, not fatal.
  if not pcall(schedule, id, r, math.min(7 * 24 * 3600, math.max(0, r.at - os.time()))) then
    remove(id)
  end
end

sb.on("message", function(msg)
  local text = msg.text or ""
  local n, unit, what = text:match("^[Rr]emind me in (%d+)%s*(%a*) to (.+)$")
  local factor = unit and units[unit:lower()]
  if not (n and factor) then
    sb.reply(msg, 'Say "remind me in 10s to stretch" (s, m or h).')
    return
  end
  local delay = tonumber(n) * factor
  if delay > 7 * 24 * 3600 then
    sb.reply(msg, "I can remind you at most 7 days ahead.")
    return
  end
  local id = tostring(os.time()) .. "-" .. msg.id
  local r = { to = msg.group and { group = msg.group } or msg.from, what = what, at = os.time() + delay }
  local pending = sb.kv.get("pending") or {}
  pending[id] = r
  sb.kv.set("pending", pending)
  schedule(id, r, delay)
  sb.reply(msg, "OK, I will remind you in " .. n .. (unit ~= "" and unit or "s") .. " to " .. what .. ".")
end)
