// SPDX-License-Identifier: Apache-2.0
// The long-poll link: an empty POST to check the token and open the server's session, then
// a loop of GET /v1/lp?cursor=N (N = the last cursor handed over: the server takes it as
// an ack) and POSTs carrying every queued request as one JSON array.
#include <deque>
#include <functional>

#include <boost/json.hpp>

#include "async_http.hpp"
#include "link.hpp"

namespace sb::client::detail {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class LpLink final : public Link, public std::enable_shared_from_this<LpLink> {
 public:
  LpLink(boost::asio::io_context& io, LinkSettings settings, LinkEvents events, std::int64_t cursor)
      : io_(io), settings_(std::move(settings)), events_(std::move(events)), cursor_(cursor) {}

  void start() override {
    cancel_post_ = call("POST", "/v1/lp", "[]", settings_.connect_timeout,
                        [self = shared_from_this()](AsyncHttpResult r) {
                          self->cancel_post_ = nullptr;
                          if (!self->usable(r)) return;
                          self->open_ = true;
                          self->events_.opened();
                          if (self->done_) return;
                          self->poll();
                          self->post_next();
                        });
  }

  void send(std::string frame) override {
    if (done_) return;
    queue_.push_back(std::move(frame));
    if (open_ && !cancel_post_) post_next();
  }

  void ack(std::int64_t cursor) override { cursor_ = std::max(cursor_, cursor); }

  void close() override {
    done_ = true;
    if (cancel_post_) cancel_post_();
    if (cancel_poll_) cancel_poll_();
    cancel_post_ = cancel_poll_ = nullptr;
  }

 private:
  std::function<void()> call(std::string method, std::string target, std::string body,
                             std::chrono::milliseconds timeout,
                             std::function<void(AsyncHttpResult)> done) {
    return async_http(io_, settings_.server, settings_.tls, std::move(method), std::move(target),
                      std::move(body), settings_.token, timeout, std::move(done));
  }

  // False (and the link closed) unless `r` is a 200.
  bool usable(const AsyncHttpResult& r) {
    if (done_) return false;
    if (!r.error.empty()) return fail(r.error), false;
    if (r.status == 401) return fail("HTTP 401", true), false;
    if (r.status != 200) return fail("HTTP " + std::to_string(r.status)), false;
    return true;
  }

  void poll() {
    // The server answers within its wait (25 s by default); allow for a longer setting.
    cancel_poll_ = call("GET", "/v1/lp?cursor=" + std::to_string(cursor_), {}, 130s,
                        [self = shared_from_this()](AsyncHttpResult r) {
                          self->cancel_poll_ = nullptr;
                          if (!self->usable(r)) return;
                          if (!self->deliver(r.body)) return;
                          self->poll();
                        });
  }

  void post_next() {
    if (queue_.empty() || done_) return;
    std::string body = "[";
    for (auto& f : queue_) body += (body.size() > 1 ? "," : "") + f;
    body += "]";
    queue_.clear();
    cancel_post_ = call("POST", "/v1/lp", std::move(body), 60s,
                        [self = shared_from_this()](AsyncHttpResult r) {
                          self->cancel_post_ = nullptr;
                          if (!self->usable(r)) return;
                          if (!self->deliver(r.body)) return;
                          self->post_next();
                        });
  }

  // Hands each element of a JSON array over as one frame; false when the link ended.
  bool deliver(const std::string& body) {
    boost::system::error_code ec;
    auto v = json::parse(body, ec);
    if (ec || !v.is_array())
      return fail("the server answered something other than an array"), false;
    for (auto& el : v.as_array()) {
      if (done_) return false;
      events_.frame(json::serialize(el));
    }
    return !done_;
  }

  void fail(std::string why, bool auth_refused = false) {
    if (done_) return;
    close();
    events_.closed(std::move(why), auth_refused);
  }

  boost::asio::io_context& io_;
  LinkSettings settings_;
  LinkEvents events_;
  std::int64_t cursor_;
  std::deque<std::string> queue_;
  std::function<void()> cancel_post_, cancel_poll_;
  bool open_ = false, done_ = false;
};

}  // namespace

std::shared_ptr<Link> make_longpoll_link(boost::asio::io_context& io, LinkSettings settings,
                                         LinkEvents events, std::int64_t resume_after) {
  return std::make_shared<LpLink>(io, std::move(settings), std::move(events), resume_after);
}

}  // namespace sb::client::detail
