// SPDX-License-Identifier: Apache-2.0
// An incremental UTF-8 check (RFC 3629: no overlongs, surrogates or code points past
// U+10FFFF) for text that arrives in pieces, such as a fragmented WebSocket message.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sb::kernel {

class Utf8Validator {
 public:
  // False at the first byte that cannot continue valid UTF-8; the state is then undefined.
  bool feed(const unsigned char* p, std::size_t n);
  // True when no multi-byte character is left open.
  bool complete() const { return need_ == 0; }
  void reset() { need_ = 0; }

 private:
  std::uint8_t need_ = 0;   // continuation bytes still expected
  std::uint8_t lo_ = 0x80;  // the range the next continuation byte must fall in
  std::uint8_t hi_ = 0xBF;
};

}  // namespace sb::kernel
