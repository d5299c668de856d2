// SPDX-License-Identifier: Apache-2.0
// See e2ee.hpp. Each public call takes the object's lock and, when it changes state, one
// store transaction: a failure half-way leaves the sessions as they were.
#include <switchboard/client/e2ee.hpp>

#include <chrono>
#include <switchboard/client/error.hpp>

#include "base64.hpp"
#include "signal_context.hpp"

extern "C" {
#include <fingerprint.h>
#include <key_helper.h>
#include <protocol.h>
#include <session_builder.h>
#include <session_cipher.h>
#include <session_pre_key.h>
}

namespace sb::client {

namespace json = boost::json;
using namespace detail;

namespace {

constexpr const char* kOwner = "owner";
constexpr const char* kSignedPrekeyId = "signed_prekey_id";
constexpr const char* kNextPrekeyId = "next_prekey_id";
constexpr const char* kUploaded = "keys_uploaded";
constexpr std::uint32_t kMaxPrekeyId = 0xFFFFFE;  // one-time ids 1..0xFFFFFE, then wrap
constexpr int kFingerprintIterations = 5200;

[[noreturn]] void bad(const std::string& code, const std::string& what) {
  throw Error(ErrorKind::protocol, code, what);
}

signal_protocol_address address_of(const std::string& name) {
  return signal_protocol_address{name.c_str(), name.size(), 1};
}

std::string b64(const signal_buffer* b) {
  return base64_encode(bytes_of(b));
}

std::string serialized(const ec_public_key* key) {
  signal_buffer* out = nullptr;
  check(ec_public_key_serialize(&out, key), "serialize a key");
  Buffer holder(out);
  return bytes_of(out);
}

Ref<ec_public_key> decode_key(const std::string& base64, signal_context* ctx,
                              const std::string& what) {
  auto raw = base64_decode(base64);
  if (!raw || raw->size() != 33) bad("bad_key", what + ": not 33 bytes of base64");
  ec_public_key* key = nullptr;
  if (curve_decode_point(&key, reinterpret_cast<const uint8_t*>(raw->data()), raw->size(), ctx) < 0)
    bad("bad_key", what + ": not a Curve25519 public key");
  return Ref<ec_public_key>(key);
}

std::string str(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::uint32_t key_id(const json::object& o) {
  auto* v = o.if_contains("id");
  boost::system::error_code ec;
  auto id = v ? v->to_number<std::int64_t>(ec) : -1;
  if (!v || ec || id < 0 || id > 0xFFFFFFFF) bad("bad_key", "a key id that is not a 32-bit number");
  return static_cast<std::uint32_t>(id);
}

}  // namespace

std::string device_address(const std::string& user, const std::string& device) {
  return user + ":" + device;
}

std::string format_safety_number(const std::string& digits) {
  std::string out;
  for (std::size_t i = 0; i < digits.size(); i += 5) {
    if (i) out += ' ';
    out += digits.substr(i, 5);
  }
  return out;
}

class E2ee::Impl {
 public:
  explicit Impl(SignalStore& store) : store(store), ctx(store) {}

  // The identity key pair and registration id, made once.
  void ensure_identity() {
    if (store.meta(kIdentityPublic)) return;
    ratchet_identity_key_pair* pair = nullptr;
    check(signal_protocol_key_helper_generate_identity_key_pair(&pair, ctx.global()),
          "make the identity key");
    Ref<ratchet_identity_key_pair> holder(pair);
    signal_buffer* priv = nullptr;
    check(ec_private_key_serialize(&priv, ratchet_identity_key_pair_get_private(pair)),
          "serialize the identity key");
    Buffer priv_holder(priv);
    uint32_t reg = 0;
    check(signal_protocol_key_helper_generate_registration_id(&reg, 0, ctx.global()),
          "make the registration id");
    store.set_meta(kIdentityPublic, serialized(ratchet_identity_key_pair_get_public(pair)));
    store.set_meta(kIdentityPrivate, bytes_of(priv));
    store.set_meta(kRegistrationId, std::to_string(reg));
  }

  Ref<ratchet_identity_key_pair> identity_pair() {
    ratchet_identity_key_pair* pair = nullptr;
    check(signal_protocol_identity_get_key_pair(ctx.stores(), &pair), "load the identity key");
    return Ref<ratchet_identity_key_pair>(pair);
  }

  json::object signed_prekey() {
    std::uint32_t id = 1;
    if (auto v = store.meta(kSignedPrekeyId)) id = static_cast<std::uint32_t>(std::stoul(*v));
    session_signed_pre_key* spk = nullptr;
    if (!store.signed_prekey(id)) {
      auto pair = identity_pair();
      auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
      check(signal_protocol_key_helper_generate_signed_pre_key(
                &spk, pair.get(), id, static_cast<uint64_t>(now), ctx.global()),
            "make the signed prekey");
      Ref<session_signed_pre_key> holder(spk);
      check(signal_protocol_signed_pre_key_store_key(ctx.stores(), spk), "keep the signed prekey");
      store.set_meta(kSignedPrekeyId, std::to_string(id));
      spk = nullptr;
    }
    check(signal_protocol_signed_pre_key_load_key(ctx.stores(), &spk, id),
          "load the signed prekey");
    Ref<session_signed_pre_key> holder(spk);
    std::string sig(reinterpret_cast<const char*>(session_signed_pre_key_get_signature(spk)),
                    session_signed_pre_key_get_signature_len(spk));
    return {{"id", std::int64_t{id}},
            {"key", base64_encode(serialized(
                        ec_key_pair_get_public(session_signed_pre_key_get_key_pair(spk))))},
            {"sig", base64_encode(sig)}};
  }

  // A prekey with `id`: the one kept, or a new one.
  json::object prekey(std::uint32_t id) {
    session_pre_key* pk = nullptr;
    if (!store.prekey(id)) {
      ec_key_pair* pair = nullptr;
      check(curve_generate_key_pair(ctx.global(), &pair), "make a prekey");
      Ref<ec_key_pair> pair_holder(pair);
      check(session_pre_key_create(&pk, id, pair), "make a prekey");
      Ref<session_pre_key> holder(pk);
      check(signal_protocol_pre_key_store_key(ctx.stores(), pk), "keep a prekey");
      pk = nullptr;
    }
    check(signal_protocol_pre_key_load_key(ctx.stores(), &pk, id), "load a prekey");
    Ref<session_pre_key> holder(pk);
    return {{"id", std::int64_t{id}},
            {"key",
             base64_encode(serialized(ec_key_pair_get_public(session_pre_key_get_key_pair(pk))))}};
  }

  void add_bundle(const std::string& address, const json::object& d) {
    auto* spk_v = d.if_contains("signed_prekey");
    if (!spk_v || !spk_v->is_object()) bad("bad_bundle", address + ": no signed prekey");
    auto& spk = spk_v->as_object();
    auto identity = decode_key(str(d, "identity_key"), ctx.global(), address + " identity key");
    auto spk_key = decode_key(str(spk, "key"), ctx.global(), address + " signed prekey");
    auto sig = base64_decode(str(spk, "sig"));
    if (!sig || sig->size() != 64) bad("bad_bundle", address + ": the signature is not 64 bytes");
    Ref<ec_public_key> otp_key;
    std::uint32_t otp_id = 0;
    if (auto* otp = d.if_contains("one_time_prekey"); otp && otp->is_object()) {
      otp_id = key_id(otp->as_object());
      otp_key = decode_key(str(otp->as_object(), "key"), ctx.global(), address + " prekey");
    }
    session_pre_key_bundle* bundle = nullptr;
    // Registration id 0: the server keeps none, and libsignal does not check it.
    check(session_pre_key_bundle_create(
              &bundle, 0, 1, otp_id, otp_key.get(), key_id(spk), spk_key.get(),
              reinterpret_cast<const uint8_t*>(sig->data()), sig->size(), identity.get()),
          "read a bundle");
    Ref<session_pre_key_bundle> bundle_holder(bundle);
    auto addr = address_of(address);
    session_builder* builder = nullptr;
    check(session_builder_create(&builder, ctx.stores(), &addr, ctx.global()), "start a session");
    std::unique_ptr<session_builder, void (*)(session_builder*)> b(builder, &session_builder_free);
    check(session_builder_process_pre_key_bundle(builder, bundle),
          ("build a session with " + address).c_str());
  }

  // The caller holds the lock and a transaction.
  std::string decrypt(const std::string& address, const std::string& body);

  SignalStore& store;
  SignalContext ctx;
};

E2ee::E2ee(SignalStore& store, std::string user_id, std::string device_id)
    : store_(store), user_(std::move(user_id)), device_(std::move(device_id)) {
  auto owner = device_address(user_, device_);
  SignalStore::Transaction t(store_);
  if (store_.meta(kOwner) != owner) {
    store_.clear();
    store_.set_meta(kOwner, owner);
  }
  impl_ = std::make_unique<Impl>(store_);
  impl_->ensure_identity();
  t.commit();
}

E2ee::~E2ee() = default;

std::string E2ee::identity_key() {
  std::lock_guard lock(mutex_);
  return base64_encode(store_.meta(kIdentityPublic).value_or(""));
}

std::uint32_t E2ee::registration_id() {
  std::lock_guard lock(mutex_);
  return static_cast<std::uint32_t>(std::stoul(store_.meta(kRegistrationId).value_or("0")));
}

json::object E2ee::upload_fields(int one_time) {
  std::lock_guard lock(mutex_);
  SignalStore::Transaction t(store_);
  json::object fields{{"identity_key", base64_encode(*store_.meta(kIdentityPublic))},
                      {"signed_prekey", impl_->signed_prekey()},
                      {"last_resort_prekey", impl_->prekey(kLastResortPrekeyId)}};
  std::uint32_t next = 1;
  if (auto v = store_.meta(kNextPrekeyId)) next = static_cast<std::uint32_t>(std::stoul(*v));
  json::array keys;
  for (int i = 0; i < one_time; ++i) {
    // A wrapped id may still be held from long ago: that key was never used, replace it.
    store_.remove_prekey(next);
    keys.push_back(impl_->prekey(next));
    next = next % kMaxPrekeyId + 1;
  }
  store_.set_meta(kNextPrekeyId, std::to_string(next));
  fields["one_time_prekeys"] = std::move(keys);
  t.commit();
  return fields;
}

bool E2ee::keys_uploaded() {
  std::lock_guard lock(mutex_);
  return store_.meta(kUploaded) == "1";
}

void E2ee::set_keys_uploaded(bool uploaded) {
  std::lock_guard lock(mutex_);
  store_.set_meta(kUploaded, uploaded ? "1" : "0");
}

std::vector<std::string> E2ee::add_bundles(const std::string& user, const json::array& devices,
                                           const std::set<std::string>& wanted) {
  std::lock_guard lock(mutex_);
  std::vector<std::string> added;
  for (auto& v : devices) {
    if (!v.is_object()) continue;
    auto& d = v.as_object();
    auto device = str(d, "device");
    if (device.empty() || (user == user_ && device == device_)) continue;
    auto address = device_address(user, device);
    if (wanted.empty() ? store_.session(address, 1).has_value() : !wanted.contains(address))
      continue;
    SignalStore::Transaction t(store_);
    try {
      impl_->add_bundle(address, d);
      t.commit();
      added.push_back(address);
    } catch (const Error&) {
      // Left out: the caller sees it missing from `added` (a bundle that does not verify is
      // not one to encrypt to).
    }
  }
  return added;
}

std::vector<std::string> E2ee::known_devices(const std::string& user) {
  std::lock_guard lock(mutex_);
  auto names = store_.session_names(user + ":");
  std::erase(names, device_address(user_, device_));
  return names;
}

bool E2ee::has_session(const std::string& address) {
  std::lock_guard lock(mutex_);
  return store_.session(address, 1).has_value();
}

void E2ee::forget(const std::string& address) {
  std::lock_guard lock(mutex_);
  store_.remove_sessions(address);
}

std::map<std::string, std::string> E2ee::encrypt(const std::string& plaintext,
                                                 const std::vector<std::string>& addresses) {
  std::lock_guard lock(mutex_);
  for (auto& a : addresses)
    if (!store_.session(a, 1)) bad("no_session", "no session with " + a);
  SignalStore::Transaction t(store_);
  std::map<std::string, std::string> out;
  for (auto& a : addresses) {
    auto addr = address_of(a);
    session_cipher* cipher = nullptr;
    check(session_cipher_create(&cipher, impl_->ctx.stores(), &addr, impl_->ctx.global()),
          "start a cipher");
    std::unique_ptr<session_cipher, void (*)(session_cipher*)> c(cipher, &session_cipher_free);
    ciphertext_message* message = nullptr;
    check(session_cipher_encrypt(cipher, reinterpret_cast<const uint8_t*>(plaintext.data()),
                                 plaintext.size(), &message),
          ("encrypt for " + a).c_str());
    Ref<ciphertext_message> holder(message);
    const char* kind =
        ciphertext_message_get_type(message) == CIPHERTEXT_PREKEY_TYPE ? "pk:" : "m:";
    out[a] = kind + b64(ciphertext_message_get_serialized(message));
  }
  t.commit();
  return out;
}

std::string E2ee::decrypt(const std::string& address, const std::string& body) {
  std::lock_guard lock(mutex_);
  SignalStore::Transaction t(store_);
  auto plain = impl_->decrypt(address, body);
  t.commit();
  return plain;
}

std::string E2ee::open(const std::string& address, const std::string& body, OpenedBody kept) {
  std::lock_guard lock(mutex_);
  if (auto seen = store_.opened(kept.msg_id)) return seen->body;
  SignalStore::Transaction t(store_);
  kept.body = impl_->decrypt(address, body);
  store_.put_opened(kept);
  t.commit();
  return kept.body;
}

std::string E2ee::Impl::decrypt(const std::string& address, const std::string& body) {
  auto colon = body.find(':');
  std::string kind = colon == std::string::npos ? "" : body.substr(0, colon);
  if (kind != "pk" && kind != "m")
    throw Error(ErrorKind::protocol, "signal", "not a Signal body (expected pk: or m:)");
  auto raw = base64_decode(std::string_view(body).substr(colon + 1));
  if (!raw) throw Error(ErrorKind::protocol, "signal", "the body is not base64");
  auto* data = reinterpret_cast<const uint8_t*>(raw->data());
  auto* g = ctx.global();
  auto addr = address_of(address);
  session_cipher* cipher = nullptr;
  check(session_cipher_create(&cipher, ctx.stores(), &addr, g), "start a cipher");
  std::unique_ptr<session_cipher, void (*)(session_cipher*)> c(cipher, &session_cipher_free);
  signal_buffer* plain = nullptr;
  if (kind == "pk") {
    pre_key_signal_message* m = nullptr;
    check(pre_key_signal_message_deserialize(&m, data, raw->size(), g), "read the message");
    Ref<pre_key_signal_message> holder(m);
    check(session_cipher_decrypt_pre_key_signal_message(cipher, m, nullptr, &plain), "decrypt");
  } else {
    signal_message* m = nullptr;
    check(signal_message_deserialize(&m, data, raw->size(), g), "read the message");
    Ref<signal_message> holder(m);
    check(session_cipher_decrypt_signal_message(cipher, m, nullptr, &plain), "decrypt");
  }
  Buffer holder(plain);
  return bytes_of(plain);
}

std::optional<std::string> E2ee::known_identity(const std::string& address) {
  std::lock_guard lock(mutex_);
  auto key = store_.identity(address);
  if (!key) return std::nullopt;
  return base64_encode(*key);
}

std::string E2ee::safety_number(const std::string& local_user,
                                const std::vector<std::string>& local_keys,
                                const std::string& remote_user,
                                const std::vector<std::string>& remote_keys) {
  std::lock_guard lock(mutex_);
  auto* g = impl_->ctx.global();
  using List = std::unique_ptr<ec_public_key_list, void (*)(ec_public_key_list*)>;
  auto list_of = [&](const std::vector<std::string>& keys, const std::string& who) {
    List list(ec_public_key_list_alloc(), &ec_public_key_list_free);
    if (!list) bad("signal", "out of memory");
    for (auto& k : keys) {
      auto key = decode_key(k, g, who + "'s identity key");
      check(ec_public_key_list_push_back(list.get(), key.get()), "list keys");  // takes a ref
    }
    return list;
  };
  if (local_keys.empty() || remote_keys.empty())
    bad("no_keys", "a safety number needs both users' identity keys");
  auto local = list_of(local_keys, local_user), remote = list_of(remote_keys, remote_user);
  fingerprint_generator* gen = nullptr;
  check(fingerprint_generator_create(&gen, kFingerprintIterations, 1, g), "fingerprint");
  std::unique_ptr<fingerprint_generator, void (*)(fingerprint_generator*)> gh(
      gen, &fingerprint_generator_free);
  fingerprint* fp = nullptr;
  check(fingerprint_generator_create_for_list(gen, local_user.c_str(), local.get(),
                                              remote_user.c_str(), remote.get(), &fp),
        "fingerprint");
  Ref<fingerprint> fh(fp);
  return displayable_fingerprint_text(fingerprint_get_displayable(fp));
}

}  // namespace sb::client
