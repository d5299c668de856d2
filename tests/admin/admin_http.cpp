// SPDX-License-Identifier: Apache-2.0
// See admin_http.hpp.
#include "admin_http.hpp"

#include <algorithm>
#include <sstream>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

namespace sb::test {

boost::json::value Reply::json() const {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  return ec ? boost::json::value(nullptr) : v;
}

std::string Reply::field() const {
  auto v = json();
  if (!v.is_object()) return {};
  auto* e = v.as_object().if_contains("error");
  if (!e || !e->is_object()) return {};
  auto* f = e->as_object().if_contains("field");
  return f && f->is_string() ? std::string(f->as_string()) : std::string();
}

std::string Reply::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

Reply http(int port, const std::string& method, const std::string& path, const std::string& body,
           const std::vector<std::pair<std::string, std::string>>& headers) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  session.setTimeout(Poco::Timespan(10, 0));
  Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  for (auto& [k, v] : headers) req.add(k, v);
  if (!body.empty() || method == "POST" || method == "PUT" || method == "DELETE") {
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(body.size()));
  }
  session.sendRequest(req) << body;
  Poco::Net::HTTPResponse res;
  auto& in = session.receiveResponse(res);
  Reply r;
  r.status = static_cast<int>(res.getStatus());
  Poco::StreamCopier::copyToString(in, r.body);
  for (auto& [k, v] : res) {
    std::string lower = k;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    r.headers.emplace(lower, v);
  }
  return r;
}

}  // namespace sb::test
