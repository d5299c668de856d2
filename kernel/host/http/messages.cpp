// SPDX-License-Identifier: Apache-2.0
// Beast message <-> SDK struct conversions.
#include "kernel/host/http/messages.hpp"

#include "kernel/host/http/router.hpp"

namespace sb::kernel {

std::string endpoint_string(const boost::asio::ip::tcp::endpoint& ep) {
  auto addr = ep.address();
  std::string host = addr.to_string();
  if (addr.is_v6()) host = "[" + host + "]";
  return host + ":" + std::to_string(ep.port());
}

bool to_sdk_request(BeastRequest& in, const boost::asio::ip::tcp::endpoint& remote,
                    HttpRequest& out) {
  std::string_view target = in.target();
  if (target.empty() || target.front() != '/') return false;
  out.method = std::string(in.method_string());
  out.target = std::string(target);
  auto q = target.find('?');
  out.path = decode_path(target.substr(0, q));
  if (q != std::string_view::npos) out.query = std::string(target.substr(q + 1));
  out.headers.reserve(std::distance(in.begin(), in.end()));
  for (const auto& field : in)
    out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  out.body = std::move(in.body());
  out.remote_address = endpoint_string(remote);
  return true;
}

void set_head(const HttpResponse& in, http::response_header<>& res) {
  res.result(in.status >= 100 && in.status <= 999 ? static_cast<unsigned>(in.status) : 500u);
  auto clean = [](std::string_view v) { return v.find_first_of("\r\n") == std::string_view::npos; };
  if (!in.content_type.empty() && clean(in.content_type))
    res.set(http::field::content_type, in.content_type);
  for (auto& [name, value] : in.headers)
    if (!name.empty() && clean(name) && clean(value) && name.find(':') == std::string::npos)
      res.insert(name, value);
}

BeastResponse to_beast_response(HttpResponse&& in, unsigned version, bool keep_alive) {
  BeastResponse res;
  res.version(version);
  set_head(in, res);
  res.body() = std::move(in.body);
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

std::string raw_error_response(int status, std::string_view code, std::string_view message) {
  auto r = HttpResponse::error(status, code, message);
  std::string reason(http::obsolete_reason(static_cast<http::status>(status)));
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
         std::to_string(r.body.size()) + "\r\n\r\n" + r.body;
}

}  // namespace sb::kernel
