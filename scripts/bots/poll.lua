-- SPDX-License-Identifier: Apache-2.0
-- Poll: a poll per chat (best in a group). "/poll Lunch? | pizza | sushi" starts one,
-- "/vote 2" votes (again to change), "/tally" counts, "/close" ends it with the result.
sb.name = "Poll"

local function key(msg) return "poll:" .. (msg.group or msg.from) end

local function trim(s) return (s:gsub("^%s+", ""):gsub("%s+$", "")) end

local function tally(poll)
  local counts, total = {}, 0
  for i = 1, #poll.options do counts[i] = 0 end
  for _, choice in pairs(poll.votes) do
    counts[choice] = counts[choice] + 1
    total = total + 1
  end
  local lines = { poll.question }
  for i, option in ipairs(poll.options) do
    lines[#lines + 1] = i .. ") " .. option .. ": " .. counts[i]
  end
  lines[#lines + 1] = "(" .. total .. (total == 1 and " vote)" or " votes)")
  return table.concat(lines, "\n")
end

local commands = {}

function commands.poll(msg, args)
  local parts = {}
  for part in args:gmatch("[^|]+") do parts[#parts + 1] = trim(part) end
  if #parts < 3 then
    return sb.reply(msg, "Usage: /poll Question? | option 1 | option 2 [| ...]")
  end
  local poll = { question = table.remove(parts, 1), options = parts, votes = {} }
  sb.kv.set(key(msg), poll)
  local lines = { "Poll: " .. poll.question }
  for i, option in ipairs(poll.options) do lines[#lines + 1] = i .. ") " .. option end
  lines[#lines + 1] = "Vote with /vote <number>."
  sb.reply(msg, table.concat(lines, "\n"))
end

function commands.vote(msg, args)
  local poll = sb.kv.get(key(msg))
  if not poll then return sb.reply(msg, "No poll here; start one with /poll.") end
  local choice = tonumber(args)
  if not choice or not poll.options[choice] then
    return sb.reply(msg, "Vote with a number from 1 to " .. #poll.options .. ".")
  end
  poll.votes[msg.from] = math.tointeger(choice)
  sb.kv.set(key(msg), poll)
  sb.reply(msg, "Vote for " .. poll.options[choice] .. " counted.")
end

function commands.tally(msg)
  local poll = sb.kv.get(key(msg))
  if not poll then return sb.reply(msg, "No poll here; start one with /poll.") end
  sb.reply(msg, tally(poll))
end

function commands.close(msg)
  local poll = sb.kv.get(key(msg))
  if not poll then return sb.reply(msg, "No poll here.") end
  sb.kv.del(key(msg))
  sb.reply(msg, "Closed. " .. tally(poll))
end

sb.on("message", function(msg)
  local command, args = (msg.text or ""):match("^/(%a+)%s*(.*)$")
  local handler = command and commands[command]
  if handler then handler(msg, args) end
end)
