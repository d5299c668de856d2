// SPDX-License-Identifier: Apache-2.0
// See base64.hpp. OpenSSL's block coder does the work; it ignores padding when it counts
// bytes, so the padding is subtracted here, and a re-encode proves the text was canonical.
#include "base64.hpp"

#include <openssl/evp.h>

namespace sb::client::detail {

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out(3 * (text.size() / 4), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  std::size_t pad = 0;
  if (!text.empty() && text.back() == '=') ++pad;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++pad;
  out.resize(static_cast<std::size_t>(n) - pad);
  // EVP_DecodeBlock skips blanks and accepts some oddities: only the canonical form passes.
  if (base64_encode(out) != text) return std::nullopt;
  return out;
}

}  // namespace sb::client::detail
