// SPDX-License-Identifier: Apache-2.0
// See http_fetch.hpp. Redirects are not followed (a redirect could leave the allow-list);
// responses are cut at 1 MiB.
#include "http_fetch.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <istream>
#include <memory>
#include <stdexcept>

namespace bots_lua {
namespace {

constexpr std::size_t kMaxResponse = 1024 * 1024;
constexpr int kThreads = 4;
constexpr std::size_t kQueue = 256;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

HttpFetcher::HttpFetcher(std::vector<std::string> allow, std::chrono::milliseconds max_timeout)
    : max_timeout_(max_timeout), pool_(kThreads, kQueue) {
  for (auto& a : allow) allow_.push_back(lower(a));
}

HttpFetcher::~HttpFetcher() {
  stop();
}

void HttpFetcher::stop() {
  pool_.stop();
}

bool HttpFetcher::allowed(const std::string& host) const {
  auto h = lower(host);
  for (auto& a : allow_) {
    if (a == h) return true;
    if (a.size() > 2 && a.starts_with("*.") && h.size() > a.size() - 1 && h.ends_with(a.substr(1)))
      return true;
  }
  return false;
}

void HttpFetcher::check(const HttpRequest& request) const {
  Poco::URI uri;
  try {
    uri = Poco::URI(request.url);
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("sb.http.request: bad url \"" + request.url +
                             "\": " + e.displayText());
  }
  if (uri.getScheme() != "http" && uri.getScheme() != "https")
    throw std::runtime_error("sb.http.request: only http and https urls, not \"" + request.url +
                             "\"");
  if (!allowed(uri.getHost()))
    throw std::runtime_error("sb.http.request: host \"" + uri.getHost() +
                             "\" is not in the bots' http_allow list");
  static const std::vector<std::string> methods{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"};
  if (std::find(methods.begin(), methods.end(), request.method) == methods.end())
    throw std::runtime_error("sb.http.request: unknown method \"" + request.method + "\"");
}

bool HttpFetcher::submit(HttpRequest request, std::function<void(HttpResult)> done) {
  return pool_.post(
      [this, request = std::move(request), done = std::move(done)] { done(fetch(request)); });
}

HttpResult HttpFetcher::fetch(const HttpRequest& request) const {
  HttpResult result;
  auto timeout =
      request.timeout.count() > 0 ? std::min(request.timeout, max_timeout_) : max_timeout_;
  try {
    Poco::URI uri(request.url);
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https") {
      Poco::Net::Context::Ptr context = new Poco::Net::Context(
          Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_RELAXED, 9, true);
      session =
          std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), context);
    } else {
      session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    }
    session->setTimeout(Poco::Timespan(static_cast<long>(timeout.count() / 1000),
                                       static_cast<long>(timeout.count() % 1000) * 1000));
    auto path = uri.getPathAndQuery();
    Poco::Net::HTTPRequest req(request.method, path.empty() ? "/" : path,
                               Poco::Net::HTTPMessage::HTTP_1_1);
    for (auto& [k, v] : request.headers) req.set(k, v);
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT")
      req.setContentLength(static_cast<std::streamsize>(request.body.size()));
    auto& out = session->sendRequest(req);
    out << request.body;
    Poco::Net::HTTPResponse res;
    auto& in = session->receiveResponse(res);
    result.status = static_cast<int>(res.getStatus());
    for (auto& [k, v] : res) result.headers[lower(k)] = v;
    char buf[8192];
    while (in && result.body.size() < kMaxResponse) {
      in.read(buf, static_cast<std::streamsize>(
                       std::min(sizeof buf, kMaxResponse - result.body.size())));
      result.body.append(buf, static_cast<std::size_t>(in.gcount()));
    }
  } catch (const Poco::TimeoutException&) {
    result = {};
    result.error = "timeout after " + std::to_string(timeout.count()) + " ms";
  } catch (const Poco::Exception& e) {
    result = {};
    result.error = e.displayText();
  } catch (const std::exception& e) {
    result = {};
    result.error = e.what();
  }
  return result;
}

}  // namespace bots_lua
