// SPDX-License-Identifier: Apache-2.0
// The Range request header (RFC 9110 §14.2) for one resource of known size: one byte range
// is served (206); several are served whole (200), as the RFC allows; a broken one is
// refused with a message naming what is wrong.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace media_layer {

struct RangeAnswer {
  enum class Kind { whole, part, unsatisfiable, malformed };
  Kind kind = Kind::whole;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  std::string error;  // for unsatisfiable and malformed
};

RangeAnswer parse_range(std::string_view header, std::uint64_t size);

}  // namespace media_layer
