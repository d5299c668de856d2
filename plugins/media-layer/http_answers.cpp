// SPDX-License-Identifier: Apache-2.0
// See http_answers.hpp.
#include "http_answers.hpp"

#include <stdexcept>

namespace media_layer {

std::optional<sb::ClientIdentity> caller_of(const sb::HttpRequest& req, sb::Messaging& messaging) {
  auto token = req.bearer_token();
  if (!token) return std::nullopt;
  return messaging.check_token(*token);
}

sb::HttpResponse unauthorized() {
  auto r = sb::HttpResponse::error(
      401, "unauthorized", "send a valid access token as \"Authorization: Bearer <token>\"");
  r.headers.emplace_back("WWW-Authenticate", "Bearer");
  return r;
}

std::optional<std::string> declared_type(const sb::HttpRequest& req, std::string& error) {
  auto h = req.header("Content-Type");
  if (!h || h->empty()) return std::string("application/octet-stream");
  if (h->size() > 127) {
    error = "header Content-Type: at most 127 characters, got " + std::to_string(h->size());
    return std::nullopt;
  }
  auto slash = h->find('/');
  bool printable = true;
  for (char c : *h)
    if (c < 0x20 || c > 0x7e) printable = false;
  if (!printable || slash == 0 || slash == std::string_view::npos || slash + 1 == h->size()) {
    error = "header Content-Type: expected a media type such as \"image/jpeg\"";
    return std::nullopt;
  }
  return std::string(*h);
}

std::optional<std::uint64_t> header_number(const sb::HttpRequest& req, std::string_view name) {
  auto h = req.header(name);
  if (!h) return std::nullopt;
  if (h->empty() || h->size() > 19)
    throw std::invalid_argument("header " + std::string(name) + ": expected a number of bytes");
  std::uint64_t v = 0;
  for (char c : *h) {
    if (c < '0' || c > '9')
      throw std::invalid_argument("header " + std::string(name) +
                                  ": expected a non-negative number, got \"" + std::string(*h) +
                                  "\"");
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

sb::HttpResponse media_json(int status, const sb::MediaRecord& m) {
  sb::json::object o{
      {"media_id", m.id}, {"sha256", m.sha256}, {"size", m.size}, {"content_type", m.content_type}};
  return sb::HttpResponse::with_json(status, sb::json::serialize(o));
}

}  // namespace media_layer
