// SPDX-License-Identifier: Apache-2.0
// Base64url (RFC 4648 §5) without padding: the spelling of every key and JWT part in Web
// Push. Decoding is strict so that a malformed client key is refused, not half-read.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace webpush {

std::string base64url_encode(std::string_view bytes);
// Nullopt for a character outside the URL-safe alphabet, a length no encoding produces, or
// stray bits in the last character. Trailing '=' padding is tolerated (some clients send it).
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace webpush
