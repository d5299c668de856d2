// SPDX-License-Identifier: Apache-2.0
// The shapes the accounts code accepts from clients and from the config file: E.164 phone
// numbers and 6-digit login codes.
#pragma once

#include <string_view>

namespace sb::core {

// '+' then 8 to 15 digits, the first not 0 ("+15551230001"). No spaces, dashes or
// national formats: clients normalise, so that one person has one account.
bool is_e164(std::string_view phone);

// Exactly 6 ASCII digits.
bool is_login_code(std::string_view code);

}  // namespace sb::core
