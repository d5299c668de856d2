// SPDX-License-Identifier: Apache-2.0
// See phone.hpp. Plain character checks: std::isdigit depends on the locale.
#include "kernel/core/phone.hpp"

#include <algorithm>

namespace sb::core {
namespace {

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

bool is_e164(std::string_view phone) {
  if (phone.size() < 9 || phone.size() > 16 || phone[0] != '+') return false;
  auto digits = phone.substr(1);
  return digits[0] != '0' && all_digits(digits);
}

bool is_login_code(std::string_view code) {
  return code.size() == 6 && all_digits(code);
}

}  // namespace sb::core
