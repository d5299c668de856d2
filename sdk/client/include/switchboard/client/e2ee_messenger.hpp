// SPDX-License-Identifier: Apache-2.0
// The end-to-end encrypted flows over a Client (docs/e2ee.md): uploading keys, sending a
// body encrypted for every device that should get it (fetching bundles, and answering the
// server's stale_devices by fetching the missing devices' and retrying), opening received
// messages, refilling prekeys on keys.low, and safety numbers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <switchboard/client/client.hpp>
#include <switchboard/client/e2ee.hpp>

namespace sb::client {

// A received message, opened.
struct OpenedMessage {
  bool ok = false;         // the body is readable (decrypted, or sent in the clear)
  bool encrypted = false;  // it came with enc "e2ee"
  json::value body;        // the body object when ok
  std::string error;       // why it could not be opened, when not ok
};

struct SafetyNumber {
  std::string digits;  // 60 digits
  // Devices whose identity key from the server differs from the one seen before (a new
  // install, or a server lying about keys): the number is worth comparing again.
  std::vector<std::string> changed;
};

class E2eeMessenger {
 public:
  static constexpr int kPrekeyBatch = 100;  // one-time prekeys per upload

  // Both must outlive the messenger.
  E2eeMessenger(Client& client, E2ee& e2ee) : client_(client), e2ee_(e2ee) {}

  // keys.upload with `one_time` new one-time prekeys; returns how many the server holds.
  // Blocks: not from the client's callbacks. Throws Error(refused) with the server's code.
  std::int64_t upload_keys(int one_time = kPrekeyBatch);
  // upload_keys() unless this device's keys were accepted before.
  void ensure_keys_uploaded();

  // Sends `body` (what enc "none" would put in `body`) to `to` ({"user": U} or
  // {"group": G}) with enc "e2ee": one body per device of the recipients and of the sender's
  // other devices. Blocks. Returns the ok reply; throws Error(refused) with the server's
  // code, or Error(refused, "no_keys") when a device that must get it has no keys.
  Reply send(const json::object& to, const json::object& body, const std::string& client_msg_id,
             const json::array& media = {});

  // A `message` event opened. Never throws: what cannot be opened says why.
  OpenedMessage open(const Event& message);

  // keys.low: uploads a batch of one-time prekeys without blocking (fine on the client's I/O
  // thread). Returns whether the event was keys.low.
  bool on_event(const Event& event);

  // The safety number with `peer`: both users' identity keys as the server has them
  // (keys.bundle; sessions are made with devices that had none, so the prekeys fetched are
  // not wasted). Blocks.
  SafetyNumber safety_number(const std::string& peer);

 private:
  Reply call(const std::string& op, json::object fields);
  // keys.bundle for `user`, sessions added for `wanted` (or every device without one);
  // returns the reply's devices.
  json::array fetch_bundles(const std::string& user, const std::set<std::string>& wanted);

  Client& client_;
  E2ee& e2ee_;
};

}  // namespace sb::client
