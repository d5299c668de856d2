// SPDX-License-Identifier: Apache-2.0
// The client's state machine on its one I/O thread: connect attempts with backoff, the
// pending requests and their timers, event dedup by cursor and acks (see client.hpp).
#include <switchboard/client/client.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <switchboard/client/backoff.hpp>
#include <switchboard/client/url.hpp>

#include "link.hpp"
#include "tls.hpp"

namespace sb::client {

namespace net = boost::asio;

class Client::Impl {
 public:
  explicit Impl(ClientOptions options)
      : opt_(std::move(options)),
        server_(endpoint_for(opt_)),
        tls_(server_.tls ? detail::make_tls_context(server_) : nullptr),
        backoff_(opt_.backoff_initial, opt_.backoff_max),
        cursors_(opt_.resume_after),
        published_cursor_(opt_.resume_after) {}

  ~Impl() { stop(); }

  EventHandler event_handler;
  StateHandler state_handler;

  void start() {
    std::lock_guard lock(control_);
    if (thread_.joinable() || stopped_) return;
    thread_ = std::thread([this] { io_.run(); });
    net::post(io_, [this] { attempt(); });
  }

  void stop() {
    std::lock_guard lock(control_);
    if (stopped_) return;
    stopped_ = true;
    net::post(io_, [this] {
      stopping_ = true;
      retry_.cancel();
      if (link_) link_->close();
      link_.reset();
      auto pending = std::move(pending_);
      pending_.clear();
      unsent_.clear();
      for (auto& [id, p] : pending) p.done(Reply::failure(id, "stopped", "the client stopped"));
      set_state(State::stopped, "stopped");
      guard_.reset();
    });
    if (thread_.joinable()) {
      if (thread_.get_id() == std::this_thread::get_id())
        thread_.detach();  // stop() from a callback: the thread ends after it returns
      else
        thread_.join();
    }
  }

  bool wait_connected(std::chrono::milliseconds timeout) {
    std::unique_lock lock(state_mutex_);
    return state_cv_.wait_for(lock, timeout, [&] { return state_ == State::connected; });
  }

  State state() const {
    std::lock_guard lock(state_mutex_);
    return state_;
  }
  std::string last_error() const {
    std::lock_guard lock(state_mutex_);
    return last_error_;
  }
  bool auth_refused() const { return rejected_.load(); }

  void request(std::string op, json::object fields, ReplyHandler done,
               std::chrono::milliseconds timeout) {
    std::string id = "c" + std::to_string(++next_id_);
    {
      std::lock_guard lock(control_);
      if (stopped_) return done(Reply::failure(id, "stopped", "the client stopped"));
    }
    std::string frame = encode_request(id, op, std::move(fields));
    net::post(io_, [this, id = std::move(id), frame = std::move(frame), done = std::move(done),
                    timeout]() mutable {
      if (stopping_) return done(Reply::failure(id, "stopped", "the client stopped"));
      auto& p = pending_[id];
      p.done = std::move(done);
      p.timer = std::make_unique<net::steady_timer>(io_, timeout);
      p.timer->async_wait([this, id](boost::system::error_code ec) {
        if (ec) return;
        complete(Reply::failure(id, "timeout", "no reply in time"));
      });
      if (link_open_) {
        p.sent = true;
        link_->send(std::move(frame));
      } else {
        p.frame = std::move(frame);
        unsent_.push_back(id);
      }
    });
  }

  void send_raw(std::string frame) {
    net::post(io_, [this, frame = std::move(frame)]() mutable {
      if (link_open_) link_->send(std::move(frame));
    });
  }

  void ack(std::int64_t cursor) {
    net::post(io_, [this, cursor] {
      if (link_open_) link_->ack(cursor);
    });
  }

  std::int64_t last_cursor() const { return published_cursor_.load(); }
  const ClientOptions& options() const { return opt_; }

 private:
  struct Pending {
    ReplyHandler done;
    std::unique_ptr<net::steady_timer> timer;
    std::string frame;  // until sent
    bool sent = false;
  };

  void set_state(State s, std::string why) {
    {
      std::lock_guard lock(state_mutex_);
      if (state_ == s && s != State::disconnected) return;
      state_ = s;
      if (s == State::disconnected) last_error_ = why;
    }
    state_cv_.notify_all();
    if (state_handler) state_handler(s, why);
  }

  void attempt() {
    if (stopping_) return;
    set_state(State::connecting, {});
    detail::LinkSettings settings{server_, tls_, {}, opt_.connect_timeout};
    try {
      if (opt_.token) settings.token = opt_.token(rejected_.load());
    } catch (const std::exception& e) {
      return on_closed(std::string("no token: ") + e.what(), false);
    }
    detail::LinkEvents events{
        [this] { on_open(); }, [this](std::string f) { on_frame(f); },
        [this](std::string why, bool refused) { on_closed(std::move(why), refused); }};
    link_ = opt_.transport == TransportKind::websocket
                ? detail::make_websocket_link(io_, std::move(settings), std::move(events))
                : detail::make_longpoll_link(io_, std::move(settings), std::move(events),
                                             cursors_.last());
    link_->start();
  }

  void on_open() {
    link_open_ = true;
    rejected_ = false;
    backoff_.reset();
    set_state(State::connected, {});
    auto unsent = std::move(unsent_);
    unsent_.clear();
    for (auto& id : unsent) {
      auto it = pending_.find(id);
      if (it == pending_.end() || !link_open_) continue;
      it->second.sent = true;
      link_->send(std::move(it->second.frame));
    }
  }

  void on_frame(const std::string& text) {
    auto decoded = decode_frame(text);
    if (!decoded) return;
    if (auto* reply = std::get_if<Reply>(&*decoded)) return complete(std::move(*reply));
    auto& event = std::get<Event>(*decoded);
    if (event.cursor) {
      if (!cursors_.accept(*event.cursor)) {  // a replay of what the application has
        if (opt_.auto_ack && link_open_) link_->ack(cursors_.last());
        return;
      }
      published_cursor_ = *event.cursor;
    }
    if (event_handler) event_handler(event);
    if (event.cursor && opt_.auto_ack && link_open_) link_->ack(*event.cursor);
  }

  void complete(Reply reply) {
    auto it = pending_.find(reply.id);
    if (it == pending_.end()) return;  // late, after a timeout
    auto done = std::move(it->second.done);
    pending_.erase(it);
    done(std::move(reply));
  }

  void on_closed(std::string why, bool refused) {
    link_open_ = false;
    link_.reset();
    rejected_ = refused;
    std::vector<std::string> lost;
    for (auto& [id, p] : pending_)
      if (p.sent) lost.push_back(id);
    for (auto& id : lost)
      complete(Reply::failure(id, "disconnected", "the connection dropped: " + why));
    set_state(State::disconnected, why);
    if (stopping_ || !opt_.reconnect) return;
    retry_.expires_after(backoff_.next());
    retry_.async_wait([this](boost::system::error_code ec) {
      if (!ec) attempt();
    });
  }

  static Endpoint endpoint_for(const ClientOptions& o) {
    auto e = parse_server_url(o.server);
    e.ca_file = o.ca_file;
    return e;
  }

  ClientOptions opt_;
  Endpoint server_;
  std::shared_ptr<net::ssl::context> tls_;  // null for plain HTTP
  net::io_context io_;
  net::executor_work_guard<net::io_context::executor_type> guard_{io_.get_executor()};
  net::steady_timer retry_{io_};
  std::thread thread_;
  std::mutex control_;
  bool stopped_ = false;

  // I/O thread only.
  std::shared_ptr<detail::Link> link_;
  bool link_open_ = false;
  bool stopping_ = false;
  Backoff backoff_;
  CursorTracker cursors_;
  std::map<std::string, Pending> pending_;
  std::deque<std::string> unsent_;

  // Any thread.
  std::atomic<std::uint64_t> next_id_{0};
  std::atomic<std::int64_t> published_cursor_;
  std::atomic<bool> rejected_{false};
  mutable std::mutex state_mutex_;
  std::condition_variable state_cv_;
  State state_ = State::disconnected;
  std::string last_error_;
};

Client::Client(ClientOptions options) : impl_(std::make_shared<Impl>(std::move(options))) {}
Client::~Client() {
  impl_->stop();
}
void Client::on_event(EventHandler handler) {
  impl_->event_handler = std::move(handler);
}
void Client::on_state(StateHandler handler) {
  impl_->state_handler = std::move(handler);
}
void Client::start() {
  impl_->start();
}
void Client::stop() {
  impl_->stop();
}
bool Client::wait_connected(std::chrono::milliseconds timeout) {
  return impl_->wait_connected(timeout);
}
State Client::state() const {
  return impl_->state();
}
std::string Client::last_error() const {
  return impl_->last_error();
}
bool Client::auth_refused() const {
  return impl_->auth_refused();
}

std::future<Reply> Client::request(std::string op, json::object fields,
                                   std::optional<std::chrono::milliseconds> timeout) {
  auto promise = std::make_shared<std::promise<Reply>>();
  auto future = promise->get_future();
  request(
      std::move(op), std::move(fields), [promise](Reply r) { promise->set_value(std::move(r)); },
      timeout);
  return future;
}

void Client::request(std::string op, json::object fields, ReplyHandler done,
                     std::optional<std::chrono::milliseconds> timeout) {
  impl_->request(std::move(op), std::move(fields), std::move(done),
                 timeout.value_or(impl_->options().request_timeout));
}

void Client::send_raw(std::string frame) {
  impl_->send_raw(std::move(frame));
}
void Client::ack(std::int64_t cursor) {
  impl_->ack(cursor);
}
std::int64_t Client::last_cursor() const {
  return impl_->last_cursor();
}

}  // namespace sb::client
