// SPDX-License-Identifier: Apache-2.0
// See groups.hpp.
#include "kernel/core/groups.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "kernel/core/engine.hpp"
#include "kernel/core/frames.hpp"
#include "kernel/core/protocol.hpp"
#include "kernel/core/secrets.hpp"

namespace sb::core {

GroupRecord load_group(Engine& e, const std::string& group) {
  auto g = e.stores.groups->group(group);
  if (!g) throw not_found("group \"" + group + "\" does not exist");
  return std::move(*g);
}

GroupRecord member_group(Engine& e, const std::string& group, const std::string& user) {
  auto g = load_group(e, group);
  if (role_of(g, user).empty()) throw forbidden("you are not a member of group \"" + group + "\"");
  return g;
}

std::string role_of(const GroupRecord& g, const std::string& user) {
  for (auto& m : g.members)
    if (m.user == user) return m.role;
  return {};
}

std::vector<std::string> chat_members(Engine& e, const std::string& chat, const std::string& user) {
  if (auto group = chat_group(chat); !group.empty()) {
    auto g = e.stores.groups->group(group);
    if (!g || role_of(*g, user).empty()) throw forbidden("you are not in chat \"" + chat + "\"");
    std::vector<std::string> out;
    for (auto& m : g->members) out.push_back(m.user);
    return out;
  }
  auto peer = direct_peer(chat, user);
  if (peer.empty()) throw forbidden("you are not in chat \"" + chat + "\"");
  if (peer == user) return {user};
  return {user, peer};
}

void system_message(Engine& e, const GroupRecord& g, const std::vector<std::string>& also,
                    json::object change) {
  change["group"] = g.id;
  std::set<std::string> users(also.begin(), also.end());
  for (auto& m : g.members) users.insert(m.user);
  auto write = std::make_shared<MessageWrite>();
  write->chat = group_chat(g.id);
  if (auto* by = change.if_contains("by"); by && by->is_string())
    write->sender_user = std::string(by->as_string());
  write->kind = "system";
  write->body = json::serialize(change);
  for (auto& u : users)
    for (auto& d : e.stores.accounts->devices(u)) write->targets.push_back({u, d.id, {}});
  e.stores.messages->append(*write, [&e, write](const AppendResult* r, const StoreError* err) {
    if (err) {
      e.log.error("group notice not stored", {{"chat", write->chat}, {"error", err->what()}});
      return;
    }
    e.push_appended(write, *r);
  });
}

void check_may_add(Engine& e, const std::string& by, const std::vector<std::string>& users) {
  json::array refused;
  for (auto& u : users) {
    if (u == by || u.starts_with("bot:")) continue;
    // Refused alike for a block and for the setting, so a block is not revealed.
    bool ok = !e.stores.social->is_blocked(u, by);
    if (ok) {
      std::optional<std::string> chosen;
      if (e.stores.access) chosen = e.stores.access->group_add_privacy(u);
      auto who = chosen.value_or(e.settings.group_add_privacy);
      ok = who == "everyone" || (who == "contacts" && e.stores.social->is_contact(u, by));
    }
    if (!ok) refused.emplace_back(u);
  }
  if (refused.empty()) return;
  std::string list;
  for (auto& u : refused) list += (list.empty() ? "" : ", ") + std::string(u.as_string());
  throw ProtocolError("forbidden",
                      "not allowed to add " + list +
                          " to a group (their \"groups\" privacy setting); send an invite link",
                      {{"users", refused}});
}

std::int64_t visible_from(Engine& e, const std::string& chat, const std::string& user) {
  auto group = chat_group(chat);
  if (group.empty() || !e.stores.access) return 1;
  return e.stores.access->join_seq(group, user).value_or(1);
}

namespace {
std::string sign(const Engine& e, std::string_view group, std::int64_t epoch) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  auto& key = e.invite_key();
  std::string data = "invite:" + std::string(group) + ":" + std::to_string(epoch);
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return base64url(std::string_view(reinterpret_cast<const char*>(out), 16));
}

std::int64_t epoch_of(Engine& e, const std::string& group) {
  return e.stores.access ? e.stores.access->invite_epoch(group) : 0;
}
}  // namespace

// "<group>.<epoch>.<signature>": group ids and decimal epochs are URL-safe already.
std::string invite_code(Engine& e, const std::string& group) {
  auto epoch = epoch_of(e, group);
  return group + "." + std::to_string(epoch) + "." + sign(e, group, epoch);
}

std::optional<std::string> invite_group(Engine& e, const std::string& code) {
  auto sig_dot = code.rfind('.');
  if (sig_dot == std::string::npos || sig_dot == 0) return std::nullopt;
  auto epoch_dot = code.rfind('.', sig_dot - 1);
  if (epoch_dot == std::string::npos || epoch_dot == 0) return std::nullopt;
  auto group = code.substr(0, epoch_dot);
  auto epoch_text = code.substr(epoch_dot + 1, sig_dot - epoch_dot - 1);
  std::int64_t epoch = 0;
  auto [end, err] =
      std::from_chars(epoch_text.data(), epoch_text.data() + epoch_text.size(), epoch);
  if (err != std::errc() || end != epoch_text.data() + epoch_text.size() || epoch < 0)
    return std::nullopt;
  if (!constant_time_equal(code.substr(sig_dot + 1), sign(e, group, epoch))) return std::nullopt;
  try {
    if (epoch != epoch_of(e, group)) return std::nullopt;  // revoked
  } catch (const StoreError& x) {
    if (x.kind() == StoreError::Kind::not_found) return std::nullopt;
    throw;
  }
  return group;
}

}  // namespace sb::core
