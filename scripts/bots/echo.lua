-- SPDX-License-Identifier: Apache-2.0
-- Echo: answers every message with its own text. The smallest useful bot.
sb.name = "Echo"

sb.on("message", function(msg)
  sb.reply(msg, msg.text or "(I only echo text)")
end)
