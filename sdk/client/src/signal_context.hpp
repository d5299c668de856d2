// SPDX-License-Identifier: Apache-2.0
// libsignal's two contexts for one device: the global one (with the OpenSSL crypto provider)
// and the store context, whose callbacks read and write a SignalStore. Also the small RAII
// holders every caller of the C API needs.
#pragma once

#include <memory>
#include <string>

#include <signal_protocol.h>
#include <switchboard/client/signal_store.hpp>

namespace sb::client::detail {

// The last-resort prekey's id: kept after use (libsignal deletes a prekey once a session is
// built from it; this one must answer every bundle fetch after the one-time keys ran out).
inline constexpr std::uint32_t kLastResortPrekeyId = 0xFFFFFF;

// Meta keys in the store.
inline constexpr const char* kIdentityPublic = "identity_public";
inline constexpr const char* kIdentityPrivate = "identity_private";
inline constexpr const char* kRegistrationId = "registration_id";

template <class T>
struct Unref {
  void operator()(T* p) const {
    if (p) signal_type_unref(reinterpret_cast<signal_type_base*>(p));
  }
};
template <class T>
using Ref = std::unique_ptr<T, Unref<T>>;

struct BufferFree {
  void operator()(signal_buffer* b) const { signal_buffer_bzero_free(b); }
};
using Buffer = std::unique_ptr<signal_buffer, BufferFree>;

inline std::string bytes_of(const signal_buffer* b) {
  return b ? std::string(reinterpret_cast<const char*>(signal_buffer_const_data(b)),
                         signal_buffer_len(b))
           : std::string();
}

class SignalContext {
 public:
  explicit SignalContext(SignalStore& store);
  ~SignalContext();
  SignalContext(const SignalContext&) = delete;
  SignalContext& operator=(const SignalContext&) = delete;

  signal_context* global() const { return global_; }
  signal_protocol_store_context* stores() const { return stores_; }

 private:
  signal_context* global_ = nullptr;
  signal_protocol_store_context* stores_ = nullptr;
};

// Throws Error(protocol, "signal") naming `what` and libsignal's code when `rc` < 0.
void check(int rc, const char* what);

}  // namespace sb::client::detail
