// SPDX-License-Identifier: Apache-2.0
// See utf8_validator.hpp. The first continuation byte's range is what rules out overlongs
// (E0, F0), surrogates (ED) and values past U+10FFFF (F4).
#include "kernel/host/http/utf8_validator.hpp"

#include <cstring>

namespace sb::kernel {

bool Utf8Validator::feed(const unsigned char* p, std::size_t n) {
  std::size_t i = 0;
  while (i < n) {
    if (need_ == 0) {
      // Messages are mostly ASCII JSON: skip eight bytes at a time while they are.
      while (i + 8 <= n) {
        std::uint64_t word;
        std::memcpy(&word, p + i, 8);
        if (word & 0x8080808080808080ull) break;
        i += 8;
      }
      if (i == n) break;
      unsigned char b = p[i++];
      if (b < 0x80) continue;
      lo_ = 0x80;
      hi_ = 0xBF;
      if (b >= 0xC2 && b <= 0xDF) {
        need_ = 1;
      } else if (b >= 0xE0 && b <= 0xEF) {
        need_ = 2;
        if (b == 0xE0) lo_ = 0xA0;
        if (b == 0xED) hi_ = 0x9F;
      } else if (b >= 0xF0 && b <= 0xF4) {
        need_ = 3;
        if (b == 0xF0) lo_ = 0x90;
        if (b == 0xF4) hi_ = 0x8F;
      } else {
        return false;
      }
      continue;
    }
    unsigned char b = p[i++];
    if (b < lo_ || b > hi_) return false;
    lo_ = 0x80;
    hi_ = 0xBF;
    --need_;
  }
  return true;
}

}  // namespace sb::kernel
