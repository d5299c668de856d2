// SPDX-License-Identifier: Apache-2.0
// See curl_http_client.hpp. Only the client's thread touches the multi handle and the easy
// handles; other threads hand requests over through `incoming_` and wake it.
#include "kernel/host/net/curl_http_client.hpp"

#include <curl/curl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <mutex>

#include "kernel/host/net/address_policy.hpp"

namespace sb::kernel {

struct CurlHttpClient::Transfer {
  HttpClientRequest request;
  std::function<void(HttpClientResponse)> done;
  HttpClientResponse response;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::size_t max_bytes = 0;
  std::string refused;  // why the address policy refused a connection
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

  ~Transfer() {
    if (headers) curl_slist_free_all(headers);
    if (easy) curl_easy_cleanup(easy);
  }
};

namespace {

using Transfer = CurlHttpClient::Transfer;

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  if (t->response.body.size() + size * n > t->max_bytes) return 0;  // CURLE_WRITE_ERROR
  t->response.body.append(data, size * n);
  return size * n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * n);
  // A new status line (after a 100 Continue, say) starts the headers afresh.
  if (line.starts_with("HTTP/")) t->response.headers.clear();
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  auto value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
    value.remove_suffix(1);
  t->response.headers.emplace_back(std::move(name), std::string(value));
  return size * n;
}

// Checked at connect time, after DNS, so a name that resolves to a private address is
// refused as surely as a literal one.
curl_socket_t open_public_only(void* user, curlsocktype, curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  auto reason = non_public_reason(&address->addr);
  if (!reason.empty()) {
    t->refused = reason + "; only public addresses may be reached";
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

void configure(Transfer& t) {
  auto* e = t.easy;
  auto& r = t.request;
  curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
  curl_easy_setopt(e, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(std::max<std::int64_t>(1, r.timeout_ms)));
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::clamp<std::int64_t>(r.timeout_ms, 1, 10000)));
  curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
  if (!r.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, r.ca_file.c_str());
  if (!r.allow_private) {
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, open_public_only);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, &t);
  }
  bool plain = r.url.starts_with("http://");
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION,
                   !r.http2 ? CURL_HTTP_VERSION_1_1
                   : plain  ? CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE
                            : CURL_HTTP_VERSION_2TLS);
  // Wait for a multiplexable connection rather than open a second one to the same host.
  if (r.http2) curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
  if (r.method == "GET") {
    curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, r.body.data());
    if (r.method != "POST") curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r.method.c_str());
  }
  // No "Expect: 100-continue" round trip for the small bodies pushes carry.
  t.headers = curl_slist_append(t.headers, "Expect:");
  for (auto& [name, value] : r.headers)
    t.headers = curl_slist_append(t.headers, (name + ": " + value).c_str());
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers);
}

}  // namespace

CurlHttpClient::CurlHttpClient(Logger& log, std::size_t max_response_bytes)
    : log_(log), max_response_bytes_(max_response_bytes) {
  global_init();
  auto* multi = curl_multi_init();
  if (!multi) throw std::runtime_error("http client: curl_multi_init failed");
  curl_multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 8L);
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, 64L);
  multi_ = multi;
  thread_ = std::thread([this] { run(); });
}

CurlHttpClient::~CurlHttpClient() {
  stop();
  curl_multi_cleanup(static_cast<CURLM*>(multi_));
}

void CurlHttpClient::request(HttpClientRequest request,
                             std::function<void(HttpClientResponse)> done) {
  auto t = std::make_unique<Transfer>();
  t->request = std::move(request);
  t->done = std::move(done);
  t->max_bytes = max_response_bytes_;
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      incoming_.push_back(std::move(t));
      curl_multi_wakeup(static_cast<CURLM*>(multi_));
      return;
    }
  }
  HttpClientResponse stopped;
  stopped.error = "stopped";
  t->done(std::move(stopped));
}

void CurlHttpClient::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  curl_multi_wakeup(static_cast<CURLM*>(multi_));
  if (thread_.joinable()) thread_.join();
}

void CurlHttpClient::finish(Transfer& t, int code) {
  auto& res = t.response;
  if (code == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
    res.status = static_cast<int>(status);
  } else {
    res.status = 0;
    res.error = !t.refused.empty() ? t.refused
                : code == CURLE_WRITE_ERROR
                    ? "response larger than " + std::to_string(max_response_bytes_) + " bytes"
                    : curl_easy_strerror(static_cast<CURLcode>(code));
  }
  res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t.started).count();
  try {
    t.done(std::move(res));
  } catch (const std::exception& e) {
    log_.error("http client callback threw", {{"url", t.request.url}, {"error", e.what()}});
  }
}

void CurlHttpClient::run() {
  auto* multi = static_cast<CURLM*>(multi_);
  std::map<CURL*, std::unique_ptr<Transfer>> active;
  for (;;) {
    std::deque<std::unique_ptr<Transfer>> fresh;
    bool stopping;
    {
      std::lock_guard lock(mutex_);
      fresh.swap(incoming_);
      stopping = stopping_;
    }
    for (auto& t : fresh) {
      t->easy = curl_easy_init();
      if (!t->easy) {
        finish(*t, CURLE_OUT_OF_MEMORY);
        continue;
      }
      configure(*t);
      curl_multi_add_handle(multi, t->easy);
      auto* easy = t->easy;
      active.emplace(easy, std::move(t));
    }
    if (stopping) break;
    int running = 0;
    curl_multi_perform(multi, &running);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      auto it = active.find(msg->easy_handle);
      auto code = msg->data.result;
      curl_multi_remove_handle(multi, msg->easy_handle);
      if (it == active.end()) continue;
      auto t = std::move(it->second);
      active.erase(it);
      finish(*t, code);
    }
    curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
  }
  for (auto& [easy, t] : active) {
    curl_multi_remove_handle(multi, easy);
    HttpClientResponse stopped;
    stopped.error = "stopped";
    t->done(std::move(stopped));
  }
  // Requests that arrived while stopping.
  std::deque<std::unique_ptr<Transfer>> rest;
  {
    std::lock_guard lock(mutex_);
    rest.swap(incoming_);
  }
  for (auto& t : rest) {
    HttpClientResponse stopped;
    stopped.error = "stopped";
    t->done(std::move(stopped));
  }
}

}  // namespace sb::kernel
