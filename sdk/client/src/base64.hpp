// SPDX-License-Identifier: Apache-2.0
// Standard base64 with padding (RFC 4648 section 4): how keys and Signal messages travel in
// the protocol's JSON (docs/e2ee.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sb::client::detail {

std::string base64_encode(std::string_view bytes);
// nullopt for anything that is not canonical padded base64 (a truncated or altered field).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace sb::client::detail
