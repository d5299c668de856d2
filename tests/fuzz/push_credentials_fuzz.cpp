// SPDX-License-Identifier: Apache-2.0
// Fuzzes what push-fcm and push-apns read from the files a deployment points them at: the
// FCM service-account JSON and the RSA key inside it, and the APNs .p8 (PEM) key. Each must
// load or throw std::runtime_error naming what is wrong; nothing else.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "es256.hpp"
#include "rs256.hpp"
#include "service_account.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    auto account = push_fcm::parse_service_account(text, "fuzz.json");
    if (account.project_id.empty() || account.private_key.empty()) __builtin_trap();
    push_fcm::Rs256Signer signer(account.private_key);
    (void)signer.jwt({{"iss", account.client_email}}, account.private_key_id);
  } catch (const std::runtime_error& e) {
    if (std::string_view(e.what()).empty()) __builtin_trap();
  }
  try {
    push_apns::Es256Signer signer(text);
    (void)signer.jwt({{"iss", "TEAM"}}, "KEY");
  } catch (const std::runtime_error& e) {
    if (std::string_view(e.what()).empty()) __builtin_trap();
  }
  return 0;
}
