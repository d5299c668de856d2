// SPDX-License-Identifier: Apache-2.0
// Prekey ops: keys.upload (identity, signed prekey, one-time batches, last resort) and
// keys.bundle (one bundle per device, each consuming a one-time prekey; keys.low after).
#include "kernel/core/dispatcher.hpp"
#include "kernel/core/engine.hpp"
#include "kernel/core/frames.hpp"
#include "kernel/core/session.hpp"

namespace sb::core {

namespace {

constexpr std::size_t kKeyBytes = 1024;
constexpr std::size_t kMaxBatch = 500;
constexpr std::int64_t kMaxKeyId = (std::int64_t{1} << 53);

PreKey read_prekey(const json::value& v, const std::string& where) {
  if (!v.is_object())
    throw bad_request("field \"" + where + "\": expected an object {\"id\",\"key\"}");
  Fields f(v.as_object());
  try {
    return {f.integer("id", 0, kMaxKeyId), f.string("key", kKeyBytes)};
  } catch (const ProtocolError& e) {
    throw bad_request("in \"" + where + "\": " + e.what());
  }
}

void op_upload(Call& c) {
  auto f = c.fields();
  DeviceKeys keys;
  keys.identity_key = f.string("identity_key", kKeyBytes);
  Fields spk(f.object("signed_prekey"));
  try {
    keys.signed_prekey = {spk.integer("id", 0, kMaxKeyId), spk.string("key", kKeyBytes),
                          spk.string("sig", kKeyBytes)};
  } catch (const ProtocolError& e) {
    throw bad_request(std::string("in \"signed_prekey\": ") + e.what());
  }
  if (auto* lr = f.find("last_resort_prekey"))
    keys.last_resort = read_prekey(*lr, "last_resort_prekey");
  if (auto* otp = f.find("one_time_prekeys")) {
    if (!otp->is_array())
      throw bad_request("field \"one_time_prekeys\": expected an array of {\"id\",\"key\"}");
    auto& a = otp->as_array();
    if (a.size() > kMaxBatch)
      throw ProtocolError("too_large", "field \"one_time_prekeys\": more than " +
                                           std::to_string(kMaxBatch) + " keys in one upload");
    for (std::size_t i = 0; i < a.size(); ++i)
      keys.one_time.push_back(read_prekey(a[i], "one_time_prekeys[" + std::to_string(i) + "]"));
  }
  c.engine.stores.keys->upload(c.user(), c.device(), keys);
  c.engine.keys_low.reset(c.user(), c.device());
  c.ok({{"one_time_prekeys", c.engine.stores.keys->one_time_count(c.user(), c.device())}});
}

void op_bundle(Call& c) {
  auto& e = c.engine;
  auto user = c.fields().string("user");
  if (!e.stores.accounts->user_by_id(user)) throw not_found("user \"" + user + "\" does not exist");
  // Each fetch consumes one of the target's one-time prekeys: one user may not drain them.
  if (user != c.user())
    e.limits.prekey_pairs.take(c.user() + '\x1f' + user, "prekey fetches of one user's keys");
  auto bundles = e.stores.keys->take_bundles(user);
  json::array devices;
  for (auto& b : bundles) {
    json::object d{{"device", b.device},
                   {"identity_key", b.identity_key},
                   {"signed_prekey", json::object{{"id", b.signed_prekey.id},
                                                  {"key", b.signed_prekey.key},
                                                  {"sig", b.signed_prekey.signature}}}};
    if (b.one_time)
      d["one_time_prekey"] = json::object{{"id", b.one_time->id}, {"key", b.one_time->key}};
    else
      d["one_time_prekey"] = nullptr;
    d["last_resort"] = b.last_resort;
    devices.push_back(std::move(d));
    if (b.remaining < e.settings.prekeys_low_threshold && e.keys_low.first(user, b.device))
      e.push_transient(user, b.device, keys_low_event(b.remaining));
  }
  c.ok({{"user", user}, {"devices", std::move(devices)}});
}

}  // namespace

void add_key_ops(OpTable& ops) {
  ops.emplace("keys.upload", &op_upload);
  ops.emplace("keys.bundle", &op_bundle);
}

}  // namespace sb::core
