// SPDX-License-Identifier: Apache-2.0
// A small blocking HTTP/1.1 client for the admin API tests: any method, headers, a body,
// and the answer's status, headers and body. Every call has a 10 s timeout.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <boost/json.hpp>

namespace sb::test {

struct Reply {
  int status = 0;
  std::string body;
  std::multimap<std::string, std::string> headers;  // names lower-cased
  boost::json::value json() const;
  // The error's "field" (empty when none).
  std::string field() const;
  std::string header(const std::string& lower_name) const;
};

// A JSON string's text; "" for anything else (so comparisons with std::string read plainly).
inline std::string str(const boost::json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : std::string();
}

Reply http(int port, const std::string& method, const std::string& path,
           const std::string& body = {},
           const std::vector<std::pair<std::string, std::string>>& headers = {});

}  // namespace sb::test
