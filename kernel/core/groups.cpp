// SPDX-License-Identifier: Apache-2.0
// See groups.hpp.
#include "kernel/core/groups.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
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

namespace {
std::string sign(const Engine& e, std::string_view group) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  auto& key = e.invite_key();
  std::string data = "invite:" + std::string(group);
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return base64url(std::string_view(reinterpret_cast<const char*>(out), 16));
}
}  // namespace

std::string invite_code(const Engine& e, const std::string& group) {
  return group + "." + sign(e, group);  // group ids are URL-safe already
}

std::optional<std::string> invite_group(const Engine& e, const std::string& code) {
  auto dot = code.rfind('.');
  if (dot == std::string::npos || dot == 0) return std::nullopt;
  auto group = code.substr(0, dot);
  if (!constant_time_equal(code.substr(dot + 1), sign(e, group))) return std::nullopt;
  return group;
}

}  // namespace sb::core
