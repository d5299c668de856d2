// SPDX-License-Identifier: Apache-2.0
// The send op: validate, resolve the recipients' devices (stale_devices for per-device
// bodies), let interceptors decide, append through the store's group commit, and only then
// answer the sender and push to the recipients.
#include <set>

#include <switchboard/events/group.hpp>
#include <switchboard/events/message.hpp>

#include "kernel/core/dispatcher.hpp"
#include "kernel/core/engine.hpp"
#include "kernel/core/frames.hpp"
#include "kernel/core/groups.hpp"
#include "kernel/core/session.hpp"

namespace sb::core {

namespace {

constexpr std::size_t kMaxMediaPerMessage = 32;

struct Payload {
  bool per_device = false;
  std::string body;                           // serialized JSON, shared
  std::map<std::string, std::string> bodies;  // "user:device" -> serialized JSON string
  std::size_t size = 0;
};

Payload read_payload(const Call& c) {
  auto f = c.fields();
  auto* body = c.req().frame.if_contains("body");
  auto* bodies = f.find("bodies");
  if (body && bodies) throw bad_request("give either field \"body\" or field \"bodies\", not both");
  if (!body && !bodies) throw bad_request("field \"body\" (or \"bodies\") is missing");
  Payload p;
  if (body) {
    p.body = json::serialize(*body);
    p.size = p.body.size();
  } else {
    if (!bodies->is_object())
      throw bad_request("field \"bodies\": expected an object of \"user:device\" to string");
    p.per_device = true;
    for (auto& [k, v] : bodies->as_object()) {
      if (!v.is_string())
        throw bad_request("field \"bodies." + std::string(k) + "\": expected a string, got " +
                          std::string(json_kind(v)));
      p.size += v.as_string().size();
      p.bodies.emplace(std::string(k), json::serialize(v));
    }
    if (p.bodies.empty()) throw bad_request("field \"bodies\": must not be empty");
  }
  auto limit = c.engine.settings.max_body_bytes;
  if (p.size > limit)
    throw ProtocolError("too_large",
                        "the payload is " + std::to_string(p.size) + " bytes; the limit is " +
                            std::to_string(limit) + " (messaging.max_body_bytes)",
                        {{"size", p.size}, {"limit", limit}});
  return p;
}

// Every device the message goes to: the recipients' and the sender's other devices.
std::vector<InboxTarget> targets_of(const Call& c, const std::vector<std::string>& users) {
  std::vector<InboxTarget> out;
  for (auto& u : users)
    for (auto& d : c.engine.stores.accounts->devices(u))
      if (!(u == c.user() && d.id == c.device())) out.push_back({u, d.id, {}});
  return out;
}

void check_devices(std::vector<InboxTarget>& targets, const Payload& p) {
  json::array missing, extra;
  std::set<std::string> expected;
  for (auto& t : targets) {
    auto key = t.user + ":" + t.device;
    expected.insert(key);
    if (!p.bodies.contains(key)) missing.emplace_back(key);
  }
  for (auto& [k, v] : p.bodies)
    if (!expected.contains(k)) extra.emplace_back(k);
  if (!missing.empty() || !extra.empty())
    throw ProtocolError("stale_devices",
                        "bodies must name exactly the recipients' current devices and your "
                        "other devices",
                        {{"missing", std::move(missing)}, {"extra", std::move(extra)}});
  for (auto& t : targets) t.body = p.bodies.at(t.user + ":" + t.device);
}

void op_send(Call& c) {
  auto& e = c.engine;
  auto f = c.fields();
  Fields to(f.object("to"));
  auto to_user = to.opt_string("user");
  auto to_group = to.opt_string("group");
  if (to_user.has_value() == to_group.has_value())
    throw bad_request("field \"to\": give exactly one of \"user\" and \"group\"");
  auto client_msg_id = f.string("client_msg_id", 128);
  auto enc = f.choice("enc", {"none", "e2ee"}, "none");
  auto payload = read_payload(c);
  // Outside the encrypted body, so the media layer can hold them and let the chat's
  // members fetch them; the keys stay inside the body.
  std::vector<std::string> media;
  if (f.find("media")) media = f.strings("media", kMaxMediaPerMessage);

  std::string chat;
  std::vector<std::string> users;
  std::string blocked_by;
  if (to_user) {
    if (!e.stores.accounts->user_by_id(*to_user))
      throw not_found("user \"" + *to_user + "\" does not exist");
    chat = direct_chat(c.user(), *to_user);
    users.push_back(*to_user);
    if (*to_user != c.user()) users.push_back(c.user());
    // As in WhatsApp the sender cannot tell: the reply is normal, nothing reaches them.
    if (e.stores.social->is_blocked(*to_user, c.user())) blocked_by = *to_user;
  } else {
    auto g = member_group(e, *to_group, c.user());
    GroupChangeRequested ask{g.id, g.policy, "send", c.user(), role_of(g, c.user()), {}, {}};
    auto v = e.bus.submit(ask);
    if (v.vetoed()) throw veto_error(v);
    chat = group_chat(g.id);
    for (auto& m : g.members) users.push_back(m.user);
  }
  auto targets = targets_of(c, users);
  if (payload.per_device) check_devices(targets, payload);
  if (!blocked_by.empty())
    std::erase_if(targets, [&](const InboxTarget& t) { return t.user == blocked_by; });

  MessageSubmitted submitted{chat,
                             c.user(),
                             c.device(),
                             to_user.value_or(""),
                             to_group.value_or(""),
                             client_msg_id,
                             enc,
                             {},
                             static_cast<std::int64_t>(payload.size),
                             media};
  bool plain = enc == "none" && !payload.per_device;
  if (plain) submitted.body = json::parse(payload.body);
  auto verdict = e.bus.submit(submitted);
  if (verdict.vetoed()) throw veto_error(verdict);
  if (verdict.kind == Verdict::Kind::amend && plain) payload.body = json::serialize(submitted.body);

  auto write = std::make_shared<MessageWrite>();
  write->chat = chat;
  write->sender_user = c.user();
  write->sender_device = c.device();
  write->client_msg_id = client_msg_id;
  write->enc = enc;
  write->body = payload.per_device ? std::string() : std::move(payload.body);
  write->targets = std::move(targets);

  auto accepted = std::make_shared<MessageAccepted>();
  accepted->chat = chat;
  accepted->from_user = c.user();
  accepted->from_device = c.device();
  accepted->to_user = to_user.value_or("");
  accepted->group = to_group.value_or("");
  accepted->enc = enc;
  if (plain) accepted->body = std::move(submitted.body);
  accepted->recipients = users;
  accepted->media = std::move(media);

  Call call = c;
  e.stores.messages->append(
      *write, [call, write, accepted](const AppendResult* r, const StoreError* err) {
        // The store's writer thread, which every append waits for: only post from here.
        if (err) {
          auto error = std::make_exception_ptr(*err);
          call.session->post([call, error] { answer_failure(call, error); });
          return;
        }
        call.session->post([call, msg_id = r->msg_id, chat = r->chat, seq = r->seq, ts = r->ts] {
          call.ok({{"msg_id", msg_id}, {"chat", chat}, {"seq", seq}, {"ts", ts}});
        });
        if (r->duplicate) return;
        call.engine.push_appended(write, *r);
        accepted->msg_id = r->msg_id;
        accepted->seq = r->seq;
        accepted->ts = r->ts;
        // Here, not on a worker: observers see message.accepted in commit order.
        call.engine.bus.publish(std::move(*accepted));
      });
}

}  // namespace

void add_message_ops(OpTable& ops) {
  ops.emplace("send", &op_send);
}

}  // namespace sb::core
