-- SPDX-License-Identifier: Apache-2.0
-- FAQ: answers questions by keyword from a table; in a group it speaks only when it knows.
sb.name = "FAQ"

local answers = {
  { keywords = { "hours", "open" }, answer = "We are open 9:00-17:00, Monday to Friday." },
  { keywords = { "price", "cost", "how much" }, answer = "Plans start at 5 EUR a month." },
  { keywords = { "refund", "money back" }, answer = "Refunds within 30 days: write to refunds@example.com." },
  { keywords = { "contact", "phone", "email" }, answer = "Mail hello@example.com; we answer within a day." },
}

local function answer_for(text)
  text = text:lower()
  for _, entry in ipairs(answers) do
    for _, keyword in ipairs(entry.keywords) do
      if text:find(keyword, 1, true) then return entry.answer end
    end
  end
end

sb.on("message", function(msg)
  if not msg.text then return end
  local answer = answer_for(msg.text)
  if answer then
    sb.reply(msg, answer)
  elseif not msg.group then
    sb.reply(msg, "Ask me about: hours, price, refunds, contact.")
  end
end)

-- Say hello when someone adds the bot to a group.
sb.on("member_joined", function(ev)
  for _, user in ipairs(ev.users) do
    if user == sb.id then
      sb.send({ group = ev.group }, "Hi! Ask me about hours, price, refunds or contact.")
      return
    end
  end
end)
