// SPDX-License-Identifier: Apache-2.0
// libFuzzer entry for the media download's Range header parser
// (plugins/media-layer/range_header.cpp): any bytes, against sizes at the edges, must give
// an answer that stays inside the body.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "range_header.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view header(reinterpret_cast<const char*>(data), size);
  for (std::uint64_t body :
       {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{1000}, ~std::uint64_t{0}}) {
    auto r = media_layer::parse_range(header, body);
    if (r.kind == media_layer::RangeAnswer::Kind::part &&
        (r.length == 0 || r.offset >= body || r.length > body - r.offset))
      std::abort();
  }
  return 0;
}
