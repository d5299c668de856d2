// SPDX-License-Identifier: Apache-2.0
// See e2ee_messenger.hpp. The send loop starts from the devices this device already has
// sessions with and lets the server say what is missing or gone; each round encrypts only
// for devices not yet covered, so a retry never re-encrypts (the ratchets stay in step).
#include <switchboard/client/e2ee_messenger.hpp>

#include <switchboard/client/error.hpp>

namespace sb::client {

namespace {

constexpr int kSendRounds = 4;  // the first try and three stale_devices answers

std::string str(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::vector<std::string> strings(const json::object& o, const char* key) {
  std::vector<std::string> out;
  if (auto* v = o.if_contains(key); v && v->is_array())
    for (auto& s : v->get_array())
      if (s.is_string()) out.emplace_back(s.get_string());
  return out;
}

// The client's own codes (no answer, connection lost) are not the server's refusals.
[[noreturn]] void refused(const Reply& r) {
  ErrorKind kind = r.error_code == "timeout"        ? ErrorKind::timeout
                   : r.error_code == "disconnected" ? ErrorKind::unreachable
                                                    : ErrorKind::refused;
  throw Error(kind, r.error_code, r.error_message.empty() ? r.error_code : r.error_message);
}

// "u_1:d_2" -> "u_1": device ids never hold ':', user ids may (bot:name).
std::string user_of(const std::string& address) {
  return address.substr(0, address.rfind(':'));
}

}  // namespace

Reply E2eeMessenger::call(const std::string& op, json::object fields) {
  auto r = client_.request(op, std::move(fields)).get();
  if (!r.ok) refused(r);
  return r;
}

std::int64_t E2eeMessenger::upload_keys(int one_time) {
  auto r = call("keys.upload", e2ee_.upload_fields(one_time));
  e2ee_.set_keys_uploaded(true);
  auto* n = r.fields.if_contains("one_time_prekeys");
  return n && n->is_int64() ? n->as_int64() : 0;
}

void E2eeMessenger::ensure_keys_uploaded() {
  if (!e2ee_.keys_uploaded()) upload_keys();
}

json::array E2eeMessenger::fetch_bundles(const std::string& user,
                                         const std::set<std::string>& wanted) {
  auto r = call("keys.bundle", {{"user", user}});
  json::array devices;
  if (auto* d = r.fields.if_contains("devices"); d && d->is_array()) devices = d->get_array();
  e2ee_.add_bundles(user, devices, wanted);
  return devices;
}

Reply E2eeMessenger::send(const json::object& to, const json::object& body,
                          const std::string& client_msg_id, const json::array& media) {
  std::vector<std::string> users{e2ee_.user()};
  if (auto* u = to.if_contains("user"); u && u->is_string()) {
    if (u->get_string() != e2ee_.user()) users.emplace_back(u->get_string());
  } else {
    auto info = call("group.info", {{"group", to.at("group")}});
    if (auto* m = info.fields.if_contains("members"); m && m->is_array())
      for (auto& member : m->get_array())
        if (member.is_object() && str(member.as_object(), "user") != e2ee_.user())
          users.push_back(str(member.as_object(), "user"));
  }
  std::set<std::string> targets;
  for (auto& u : users) {
    auto known = e2ee_.known_devices(u);
    // Someone never written to: their devices come from a bundle. One's own other devices
    // are learnt from the server's stale_devices answer instead (no prekeys spent on them
    // until a message is actually sent), unless the message is to oneself.
    if (known.empty() && (u != e2ee_.user() || users.size() == 1)) {
      fetch_bundles(u, {});
      known = e2ee_.known_devices(u);
    }
    targets.insert(known.begin(), known.end());
  }
  const std::string plaintext = json::serialize(body);
  std::map<std::string, std::string> bodies;
  for (int round = 0; round < kSendRounds; ++round) {
    std::vector<std::string> fresh;
    for (auto& t : targets)
      if (!bodies.contains(t)) fresh.push_back(t);
    for (auto& [address, text] : e2ee_.encrypt(plaintext, fresh)) bodies[address] = text;
    if (bodies.empty())
      throw Error(ErrorKind::refused, "no_keys",
                  "no device to encrypt for: the recipient has no device with keys");
    json::object fields{{"to", to}, {"client_msg_id", client_msg_id}, {"enc", "e2ee"}};
    json::object b;
    for (auto& [address, text] : bodies) b[address] = text;
    fields["bodies"] = std::move(b);
    if (!media.empty()) fields["media"] = media;
    auto r = client_.request("send", std::move(fields)).get();
    if (r.ok || r.error_code != "stale_devices") {
      if (!r.ok) refused(r);
      return r;
    }
    json::object error;
    if (auto* e = r.fields.if_contains("error"); e && e->is_object()) error = e->get_object();
    for (auto& gone : strings(error, "extra")) {
      bodies.erase(gone);
      targets.erase(gone);
      e2ee_.forget(gone);
    }
    std::map<std::string, std::set<std::string>> missing;
    for (auto& m : strings(error, "missing")) missing[user_of(m)].insert(m);
    for (auto& [user, wanted] : missing) {
      fetch_bundles(user, wanted);
      for (auto& w : wanted) {
        if (!e2ee_.has_session(w))
          throw Error(ErrorKind::refused, "no_keys",
                      "device " + w +
                          " has no keys on the server (a client without end-to-end "
                          "encryption): it cannot be sent an encrypted message");
        targets.insert(w);
      }
    }
  }
  throw Error(ErrorKind::refused, "stale_devices",
              "the recipients' devices kept changing; try again");
}

OpenedMessage E2eeMessenger::open(const Event& message) {
  OpenedMessage out;
  auto& f = message.fields;
  out.encrypted = str(f, "enc") == "e2ee";
  auto* body = f.if_contains("body");
  if (!out.encrypted) {
    out.ok = body != nullptr;
    if (body) out.body = *body;
    if (!body) out.error = "no body";
    return out;
  }
  if (!body || !body->is_string()) {
    out.error = "no encrypted body for this device";
    return out;
  }
  std::string from_user, from_device;
  if (auto* from = f.if_contains("from"); from && from->is_object()) {
    from_user = str(from->get_object(), "user");
    from_device = str(from->get_object(), "device");
  }
  OpenedBody kept;
  kept.msg_id = str(f, "msg_id");
  kept.chat = str(f, "chat");
  if (auto* s = f.if_contains("seq"); s && s->is_int64()) kept.seq = s->as_int64();
  kept.from_user = from_user;
  kept.from_device = from_device;
  try {
    auto plain =
        e2ee_.open(device_address(from_user, from_device), std::string(body->get_string()), kept);
    boost::system::error_code ec;
    auto parsed = json::parse(plain, ec);
    if (ec || !parsed.is_object()) {
      out.error = "the decrypted body is not a JSON object";
      return out;
    }
    out.ok = true;
    out.body = std::move(parsed);
  } catch (const std::exception& e) {
    out.error = e.what();
  }
  return out;
}

bool E2eeMessenger::on_event(const Event& event) {
  if (event.ev != "keys.low") return false;
  json::object fields;
  try {
    fields = e2ee_.upload_fields(kPrekeyBatch);
  } catch (const Error&) {
    return true;  // the store is unusable; the next keys.low tries again
  }
  E2ee* e2ee = &e2ee_;
  client_.request("keys.upload", std::move(fields), [e2ee](Reply r) {
    if (r.ok) e2ee->set_keys_uploaded(true);
  });
  return true;
}

SafetyNumber E2eeMessenger::safety_number(const std::string& peer) {
  SafetyNumber out;
  auto keys_of = [&](const std::string& user) {
    std::vector<std::string> keys;
    for (auto& d : fetch_bundles(user, {})) {
      if (!d.is_object()) continue;
      auto key = str(d.as_object(), "identity_key");
      auto device = str(d.as_object(), "device");
      keys.push_back(key);
      if (user == e2ee_.user() && device == e2ee_.device()) {
        if (key != e2ee_.identity_key()) out.changed.push_back(device_address(user, device));
        continue;
      }
      auto known = e2ee_.known_identity(device_address(user, device));
      if (known && *known != key) out.changed.push_back(device_address(user, device));
    }
    return keys;
  };
  auto mine = keys_of(e2ee_.user());
  auto theirs = keys_of(peer);
  if (theirs.empty()) throw Error(ErrorKind::refused, "no_keys", peer + " has no device with keys");
  out.digits = e2ee_.safety_number(e2ee_.user(), mine, peer, theirs);
  return out;
}

}  // namespace sb::client
