// SPDX-License-Identifier: Apache-2.0
// Prints a reply's fields (without id and ok): JSON with --json, else "key: value" lines.
#pragma once

#include <ostream>

#include <switchboard/client/frames.hpp>

namespace sbctl {

inline void print_reply(const sb::client::Reply& r, bool as_json, std::ostream& out) {
  sb::client::json::object fields = r.fields;
  fields.erase("id");
  fields.erase("ok");
  if (as_json) {
    out << sb::client::json::serialize(fields) << "\n";
    return;
  }
  if (fields.empty()) out << "ok\n";
  for (auto& [k, v] : fields)
    out << std::string(k) << ": "
        << (v.is_string() ? std::string(v.get_string()) : sb::client::json::serialize(v)) << "\n";
}

}  // namespace sbctl
