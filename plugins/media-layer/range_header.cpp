// SPDX-License-Identifier: Apache-2.0
// See range_header.hpp. Numbers are digits only (no sign, no spaces inside), at most 19 of
// them, so nothing a client sends can overflow.
#include "range_header.hpp"

#include <optional>

namespace media_layer {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<std::uint64_t> number(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

RangeAnswer malformed(std::string why) {
  return {RangeAnswer::Kind::malformed, 0, 0, "header Range: " + std::move(why)};
}

RangeAnswer unsatisfiable(std::uint64_t size) {
  return {RangeAnswer::Kind::unsatisfiable, 0, 0,
          "header Range: no byte of it is within the " + std::to_string(size) + " bytes"};
}

}  // namespace

RangeAnswer parse_range(std::string_view header, std::uint64_t size) {
  header = trim(header);
  auto eq = header.find('=');
  if (eq == std::string_view::npos)
    return malformed("expected \"bytes=<first>-<last>\", got no '='");
  auto unit = trim(header.substr(0, eq));
  if (unit.size() != 5 || (unit[0] | 0x20) != 'b' || (unit[1] | 0x20) != 'y' ||
      (unit[2] | 0x20) != 't' || (unit[3] | 0x20) != 'e' || (unit[4] | 0x20) != 's')
    return {};  // another unit: ignored, the whole body is served
  auto spec = trim(header.substr(eq + 1));
  if (spec.find(',') != std::string_view::npos) return {};  // several ranges: served whole
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return malformed("expected '-' in the range");
  auto first_s = trim(spec.substr(0, dash));
  auto last_s = trim(spec.substr(dash + 1));
  if (first_s.empty()) {  // a suffix: the last n bytes
    auto n = number(last_s);
    if (!n)
      return malformed("the suffix length must be digits, got \"" + std::string(last_s) + "\"");
    if (*n == 0 || size == 0) return unsatisfiable(size);
    auto len = *n < size ? *n : size;
    return {RangeAnswer::Kind::part, size - len, len, {}};
  }
  auto first = number(first_s);
  if (!first)
    return malformed("the first byte must be digits, got \"" + std::string(first_s) + "\"");
  std::uint64_t last = size == 0 ? 0 : size - 1;
  if (!last_s.empty()) {
    auto l = number(last_s);
    if (!l) return malformed("the last byte must be digits, got \"" + std::string(last_s) + "\"");
    if (*l < *first) return malformed("the last byte is before the first");
    if (*l < last) last = *l;
  }
  if (*first >= size) return unsatisfiable(size);
  return {RangeAnswer::Kind::part, *first, last - *first + 1, {}};
}

}  // namespace media_layer
