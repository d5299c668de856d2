// SPDX-License-Identifier: Apache-2.0
// See signal_context.hpp. The callbacks are C: every store exception becomes SG_ERR_UNKNOWN
// here, and libsignal turns it into a failed operation that the caller reports.
#include "signal_context.hpp"

#include <cstring>
#include <switchboard/client/error.hpp>

#include "signal_crypto.hpp"

namespace sb::client::detail {
namespace {

SignalStore& store_of(void* user_data) {
  return *static_cast<SignalStore*>(user_data);
}

std::string name_of(const signal_protocol_address* a) {
  return std::string(a->name, a->name_len);
}

signal_buffer* buffer_of(const std::string& bytes) {
  return signal_buffer_create(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

std::string bytes_of(const uint8_t* data, size_t len) {
  return std::string(reinterpret_cast<const char*>(data), len);
}

template <class F>
int guarded(F f) {
  try {
    return f();
  } catch (const std::exception&) {
    return SG_ERR_UNKNOWN;
  }
}

// --- sessions ---

int load_session(signal_buffer** record, signal_buffer**, const signal_protocol_address* a,
                 void* u) {
  return guarded([&] {
    auto r = store_of(u).session(name_of(a), a->device_id);
    if (!r) return 0;
    *record = buffer_of(*r);
    return *record ? 1 : SG_ERR_NOMEM;
  });
}

int sub_device_sessions(signal_int_list** sessions, const char* name, size_t len, void* u) {
  return guarded([&] {
    auto devices = store_of(u).session_devices(std::string(name, len));
    signal_int_list* list = signal_int_list_alloc();
    if (!list) return SG_ERR_NOMEM;
    for (auto d : devices) signal_int_list_push_back(list, d);
    *sessions = list;
    return static_cast<int>(devices.size());
  });
}

int store_session(const signal_protocol_address* a, uint8_t* record, size_t len, uint8_t*, size_t,
                  void* u) {
  return guarded([&] {
    store_of(u).put_session(name_of(a), a->device_id, bytes_of(record, len));
    return 0;
  });
}

int contains_session(const signal_protocol_address* a, void* u) {
  return guarded([&] { return store_of(u).session(name_of(a), a->device_id) ? 1 : 0; });
}

int delete_session(const signal_protocol_address* a, void* u) {
  return guarded([&] { return store_of(u).remove_session(name_of(a), a->device_id) ? 1 : 0; });
}

int delete_all_sessions(const char* name, size_t len, void* u) {
  return guarded([&] { return store_of(u).remove_sessions(std::string(name, len)); });
}

// --- prekeys ---

int load_prekey(signal_buffer** record, uint32_t id, void* u) {
  return guarded([&] {
    auto r = store_of(u).prekey(id);
    if (!r) return SG_ERR_INVALID_KEY_ID;
    *record = buffer_of(*r);
    return *record ? SG_SUCCESS : SG_ERR_NOMEM;
  });
}

int store_prekey(uint32_t id, uint8_t* record, size_t len, void* u) {
  return guarded([&] {
    store_of(u).put_prekey(id, bytes_of(record, len));
    return 0;
  });
}

int contains_prekey(uint32_t id, void* u) {
  return guarded([&] { return store_of(u).prekey(id) ? 1 : 0; });
}

int remove_prekey(uint32_t id, void* u) {
  return guarded([&] {
    if (id != kLastResortPrekeyId) store_of(u).remove_prekey(id);
    return 0;
  });
}

int load_signed_prekey(signal_buffer** record, uint32_t id, void* u) {
  return guarded([&] {
    auto r = store_of(u).signed_prekey(id);
    if (!r) return SG_ERR_INVALID_KEY_ID;
    *record = buffer_of(*r);
    return *record ? SG_SUCCESS : SG_ERR_NOMEM;
  });
}

int store_signed_prekey(uint32_t id, uint8_t* record, size_t len, void* u) {
  return guarded([&] {
    store_of(u).put_signed_prekey(id, bytes_of(record, len));
    return 0;
  });
}

int contains_signed_prekey(uint32_t id, void* u) {
  return guarded([&] { return store_of(u).signed_prekey(id) ? 1 : 0; });
}

int remove_signed_prekey(uint32_t id, void* u) {
  return guarded([&] {
    store_of(u).remove_signed_prekey(id);
    return 0;
  });
}

// --- identities ---

int identity_key_pair(signal_buffer** public_data, signal_buffer** private_data, void* u) {
  return guarded([&] {
    auto pub = store_of(u).meta(kIdentityPublic), priv = store_of(u).meta(kIdentityPrivate);
    if (!pub || !priv) return SG_ERR_INVALID_KEY;
    *public_data = buffer_of(*pub);
    *private_data = buffer_of(*priv);
    return *public_data && *private_data ? 0 : SG_ERR_NOMEM;
  });
}

int registration_id(void* u, uint32_t* id) {
  return guarded([&] {
    auto v = store_of(u).meta(kRegistrationId);
    if (!v) return SG_ERR_UNKNOWN;
    *id = static_cast<uint32_t>(std::stoul(*v));
    return 0;
  });
}

int save_identity(const signal_protocol_address* a, uint8_t* key, size_t len, void* u) {
  return guarded([&] {
    if (key) store_of(u).put_identity(name_of(a), bytes_of(key, len));
    return 0;
  });
}

// Trust on first use, and a changed key is accepted too (as WhatsApp does): the change is
// recorded by save_identity, and safety numbers are how people check. Refusing would leave
// someone who reinstalled unable to reach anyone until each peer acted.
int is_trusted_identity(const signal_protocol_address*, uint8_t*, size_t, void*) {
  return 1;
}

}  // namespace

void check(int rc, const char* what) {
  if (rc >= 0) return;
  std::string why;
  switch (rc) {
    case SG_ERR_DUPLICATE_MESSAGE: why = "a message already decrypted"; break;
    case SG_ERR_INVALID_KEY: why = "an invalid key"; break;
    case SG_ERR_INVALID_KEY_ID: why = "a prekey this device does not have"; break;
    case SG_ERR_INVALID_MAC: why = "a bad MAC (altered, or for another session)"; break;
    case SG_ERR_INVALID_MESSAGE: why = "an invalid message"; break;
    case SG_ERR_INVALID_VERSION: why = "an unknown protocol version"; break;
    case SG_ERR_LEGACY_MESSAGE: why = "a legacy message"; break;
    case SG_ERR_NO_SESSION: why = "no session with the sender"; break;
    case SG_ERR_UNTRUSTED_IDENTITY: why = "an untrusted identity"; break;
    case SG_ERR_VRF_SIG_VERIF_FAILED:
    case SG_ERR_INVALID_PROTO_BUF: why = "a malformed message"; break;
    default: why = "libsignal error " + std::to_string(rc);
  }
  throw Error(ErrorKind::protocol, "signal", std::string(what) + ": " + why);
}

SignalContext::SignalContext(SignalStore& store) {
  check(signal_context_create(&global_, nullptr), "signal context");
  auto crypto = openssl_crypto_provider();
  check(signal_context_set_crypto_provider(global_, &crypto), "crypto provider");
  check(signal_protocol_store_context_create(&stores_, global_), "store context");
  void* u = &store;

  signal_protocol_session_store sessions{};
  sessions.load_session_func = &load_session;
  sessions.get_sub_device_sessions_func = &sub_device_sessions;
  sessions.store_session_func = &store_session;
  sessions.contains_session_func = &contains_session;
  sessions.delete_session_func = &delete_session;
  sessions.delete_all_sessions_func = &delete_all_sessions;
  sessions.user_data = u;
  signal_protocol_store_context_set_session_store(stores_, &sessions);

  signal_protocol_pre_key_store prekeys{};
  prekeys.load_pre_key = &load_prekey;
  prekeys.store_pre_key = &store_prekey;
  prekeys.contains_pre_key = &contains_prekey;
  prekeys.remove_pre_key = &remove_prekey;
  prekeys.user_data = u;
  signal_protocol_store_context_set_pre_key_store(stores_, &prekeys);

  signal_protocol_signed_pre_key_store signed_prekeys{};
  signed_prekeys.load_signed_pre_key = &load_signed_prekey;
  signed_prekeys.store_signed_pre_key = &store_signed_prekey;
  signed_prekeys.contains_signed_pre_key = &contains_signed_prekey;
  signed_prekeys.remove_signed_pre_key = &remove_signed_prekey;
  signed_prekeys.user_data = u;
  signal_protocol_store_context_set_signed_pre_key_store(stores_, &signed_prekeys);

  signal_protocol_identity_key_store identities{};
  identities.get_identity_key_pair = &identity_key_pair;
  identities.get_local_registration_id = &registration_id;
  identities.save_identity = &save_identity;
  identities.is_trusted_identity = &is_trusted_identity;
  identities.user_data = u;
  signal_protocol_store_context_set_identity_key_store(stores_, &identities);
}

SignalContext::~SignalContext() {
  if (stores_) signal_protocol_store_context_destroy(stores_);
  if (global_) signal_context_destroy(global_);
}

}  // namespace sb::client::detail
