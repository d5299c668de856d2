// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the provider tests: a stub's path, a blocking send with a bound, and a
// subscription/notice pair to push.
#pragma once

#include <future>
#include <memory>
#include <stdexcept>
#include <string>

#include <switchboard/services/push.hpp>

namespace sb::test {

inline std::string stub_script(const std::string& name) {
  return std::string(SB_PUSH_STUBS) + "/" + name;
}

// Sends one push and waits for its result (bounded: the providers' own timeouts are 10 s).
inline PushResult send_and_wait(PushProvider& provider, const PushSubscription& s,
                                const PushNotice& n) {
  auto result = std::make_shared<std::promise<PushResult>>();
  auto f = result->get_future();
  provider.send(s, n, [result](PushResult r) { result->set_value(std::move(r)); });
  if (f.wait_for(std::chrono::seconds(20)) != std::future_status::ready)
    throw std::runtime_error("the provider never called done");
  return f.get();
}

inline PushSubscription subscription(const std::string& provider, const std::string& endpoint) {
  return {.id = "ps_1",
          .user = "u_bob",
          .device = "d_phone",
          .provider = provider,
          .endpoint = endpoint,
          .created_ms = 1};
}

inline PushNotice notice(bool urgent = true) {
  return {.kind = "message",
          .chat = "c_alice_bob",
          .count = 3,
          .sender_name = "Alice",
          .collapse_key = "c_alice_bob",
          .urgent = urgent,
          .ttl_s = 3600,
          .ts = 1764750000000};
}

}  // namespace sb::test
