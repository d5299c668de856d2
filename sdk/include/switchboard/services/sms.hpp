// SPDX-License-Identifier: Apache-2.0
// SmsProvider: delivers a one-time login code to a phone number (sms-console, sms-file, or a
// real SMS gateway). Called from a core worker thread; may block briefly.
#pragma once

#include <string>
#include <string_view>

namespace sb {

class SmsProvider {
 public:
  static constexpr std::string_view service_name = "sms";
  virtual ~SmsProvider() = default;
  // Throws on failure; the message reaches the log, the client gets "unavailable".
  virtual void send_code(const std::string& phone, const std::string& code) = 0;
};

}  // namespace sb
