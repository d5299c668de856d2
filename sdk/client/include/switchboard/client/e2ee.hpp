// SPDX-License-Identifier: Apache-2.0
// End-to-end encryption of message bodies with the Signal protocol (libsignal-protocol-c):
// a device's keys, sessions built from the server's bundles, and per-device encrypt and
// decrypt in the protocol's wire format (docs/e2ee.md). No network here: see
// e2ee_messenger.hpp for the flows over a Client. Thread-safe (one lock per object).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <switchboard/client/signal_store.hpp>

namespace sb::client {

// The Signal address name of a device: "<user>:<device>" (the protocol's ids), device id 1.
std::string device_address(const std::string& user, const std::string& device);

// "12345 67890 ..." : 60 digits in twelve groups of five.
std::string format_safety_number(const std::string& digits);

class E2ee {
 public:
  // The state of device `device_id` of `user_id` in `store`. A store that belonged to
  // another device (an earlier login) is cleared: a new device has new keys.
  E2ee(SignalStore& store, std::string user_id, std::string device_id);
  ~E2ee();
  E2ee(const E2ee&) = delete;
  E2ee& operator=(const E2ee&) = delete;

  const std::string& user() const { return user_; }
  const std::string& device() const { return device_; }
  SignalStore& store() { return store_; }

  // This device's identity public key, base64 of its 33 serialized bytes (made on first use).
  std::string identity_key();
  // The registration id this device keeps locally (1..16380; the server keeps none).
  std::uint32_t registration_id();

  // The fields of a keys.upload: the identity key, the signed prekey, `one_time` new
  // one-time prekeys and the last-resort prekey (the keys are made and kept here first).
  boost::json::object upload_fields(int one_time);
  // Whether a keys.upload of this device's identity was accepted (set by the caller).
  bool keys_uploaded();
  void set_keys_uploaded(bool uploaded);

  // Builds a session with each device of `user` in a keys.bundle reply's `devices`: those in
  // `wanted` (addresses), or when it is empty, those without a session yet. A device whose
  // bundle does not verify is skipped. Returns the addresses that now have a session.
  std::vector<std::string> add_bundles(const std::string& user, const boost::json::array& devices,
                                       const std::set<std::string>& wanted = {});

  // Addresses of the devices of `user` this device has a session with.
  std::vector<std::string> known_devices(const std::string& user);
  bool has_session(const std::string& address);
  // Drops the session with a device the server no longer has.
  void forget(const std::string& address);

  // `plaintext` encrypted for each address: "pk:<base64>" (a PreKeySignalMessage, while the
  // other side has not answered) or "m:<base64>" (a SignalMessage). Throws
  // Error(protocol, "no_session") naming an address without a session, before encrypting any.
  std::map<std::string, std::string> encrypt(const std::string& plaintext,
                                             const std::vector<std::string>& addresses);
  // The plaintext of a body from `address`. Throws Error(protocol, "signal") saying why it
  // cannot be decrypted (nothing is changed then).
  std::string decrypt(const std::string& address, const std::string& body);
  // The plaintext of message `kept.msg_id`: read from the store when this device opened it
  // before (a ratchet key works once), else decrypted from `body` and kept there in the same
  // transaction (`kept.body` is filled in). Throws like decrypt.
  std::string open(const std::string& address, const std::string& body, OpenedBody kept);

  // The identity key (base64) last seen for a device, if any.
  std::optional<std::string> known_identity(const std::string& address);

  // libsignal's numeric fingerprint (5200 iterations) of two users' identity keys (base64,
  // every device's): 60 digits, the same on both sides. Throws Error(protocol) for a key
  // that does not decode.
  std::string safety_number(const std::string& local_user,
                            const std::vector<std::string>& local_keys,
                            const std::string& remote_user,
                            const std::vector<std::string>& remote_keys);

 private:
  class Impl;
  SignalStore& store_;
  std::string user_, device_;
  std::mutex mutex_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sb::client
