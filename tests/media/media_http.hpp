// SPDX-License-Identifier: Apache-2.0
// HTTP for the media tests: any method with any headers over a fresh loopback connection,
// a request cut off mid-body (a dropped upload), and SHA-256 of test bytes.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>

namespace sb::media_test {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Reply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string header(const std::string& lower_name) const;
  boost::json::object json() const;  // {} when the body is not a JSON object
  std::string error_code() const;    // json()["error"]["code"]
};

Reply request(int port, const std::string& method, const std::string& target,
              const Headers& headers, const std::string& body = {});
// Sends the header with Content-Length `declared` and only `body` of the body, then closes.
void send_cut(int port, const std::string& method, const std::string& target,
              const Headers& headers, std::size_t declared, const std::string& body);

std::string sha256_hex(const std::string& bytes);
std::string random_bytes(std::size_t n);
std::string hmac_sha256_hex(const std::string& key, const std::string& text);

}  // namespace sb::media_test
