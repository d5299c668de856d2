// SPDX-License-Identifier: Apache-2.0
// See lp_transport.hpp.
#include "lp_transport.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

namespace transport_longpoll {

namespace json = boost::json;

void LpTransport::start(const Config& config, sb::Context& ctx) {
  messaging_ = ctx.services().get<sb::Messaging>();
  if (!messaging_) throw std::runtime_error("no messaging service");
  log_ = &ctx.log();
  post_ = ctx.http().route("POST", config.path, [this](const sb::HttpRequest& req, auto responder) {
    on_post(req, std::move(responder));
  });
  get_ = ctx.http().route("GET", config.path, [this](const sb::HttpRequest& req, auto responder) {
    on_get(req, std::move(responder));
  });
  auto period = std::clamp(config.poll_wait / 10, std::chrono::milliseconds(20),
                           std::chrono::milliseconds(1000));
  sweep_ = ctx.scheduler().every(period, [this] { sweep(); });
  ctx.log().info("long-poll transport listening", {{"path", config.path}});
}

void LpTransport::with_session(const sb::HttpRequest& req,
                               std::shared_ptr<sb::HttpResponder> responder,
                               std::function<void(DeviceSession&)> then) {
  auto token = req.bearer_token();
  if (!token) {
    responder->respond(
        sb::HttpResponse::error(401, "unauthorized", "Authorization: Bearer missing"));
    return;
  }
  messaging_->verify_token(std::string(*token), [this, token = std::string(*token),
                                                 remote = req.remote_address, responder,
                                                 then = std::move(then)](
                                                    std::optional<sb::ClientIdentity> who) {
    if (!who) {
      responder->respond(sb::HttpResponse::error(401, "unauthorized", "invalid or expired token"));
      return;
    }
    auto session = session_for(*who, token, remote);
    if (!session) {
      responder->respond(sb::HttpResponse::error(503, "unavailable", "try again later"));
      return;
    }
    then(*session);
  });
}

std::shared_ptr<DeviceSession> LpTransport::session_for(const sb::ClientIdentity& who,
                                                        const std::string& token,
                                                        const std::string& remote) {
  std::string key = who.user + "/" + who.device;
  std::shared_ptr<DeviceSession> old;
  std::shared_ptr<DeviceSession> session;
  {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(key);
    if (it != sessions_.end() && !it->second->replaceable()) return it->second;
    if (it != sessions_.end()) {
      old = std::move(it->second);
      sessions_.erase(it);
    }
    session = std::make_shared<DeviceSession>(config());
    try {
      // Opened under the lock, so a second request for the device finds it attached.
      session->attach(messaging_->open(session, {"longpoll", remote, token, {}}));
    } catch (const std::exception& e) {
      log_->error("messaging refused a session", {{"what", e.what()}});
      return nullptr;
    }
    sessions_.emplace(key, session);
  }
  if (old) old->end("replaced");
  return session;
}

void LpTransport::on_post(const sb::HttpRequest& req,
                          std::shared_ptr<sb::HttpResponder> responder) {
  boost::system::error_code ec;
  auto value = json::parse(req.body, ec);
  if (ec || !value.is_array()) {
    responder->respond(
        sb::HttpResponse::error(400, "bad_request", "the body is a JSON array of requests"));
    return;
  }
  if (value.as_array().size() > config().max_requests_per_post) {
    responder->respond(sb::HttpResponse::error(413, "too_large", "too many requests in one POST"));
    return;
  }
  auto requests = std::make_shared<json::array>(std::move(value.as_array()));
  with_session(req, responder,
               [requests, responder](DeviceSession& s) { s.submit(*requests, responder); });
}

void LpTransport::on_get(const sb::HttpRequest& req, std::shared_ptr<sb::HttpResponder> responder) {
  std::int64_t cursor = 0;
  if (auto c = req.query_param("cursor"); c && !c->empty()) {
    auto [end, err] = std::from_chars(c->data(), c->data() + c->size(), cursor);
    // Cursors are exact in every JSON client only up to 2^53.
    constexpr std::int64_t kMaxCursor = std::int64_t{1} << 53;
    if (err != std::errc() || end != c->data() + c->size() || cursor < 0 || cursor > kMaxCursor) {
      responder->respond(sb::HttpResponse::error(
          400, "bad_request", "query \"cursor\": expected an integer from 0 to 2^53"));
      return;
    }
  }
  with_session(req, responder,
               [cursor, responder](DeviceSession& s) { s.poll(cursor, responder); });
}

void LpTransport::sweep() {
  std::vector<std::pair<std::string, std::shared_ptr<DeviceSession>>> all;
  {
    std::lock_guard lock(mutex_);
    all.assign(sessions_.begin(), sessions_.end());
  }
  auto now = DeviceSession::Clock::now();
  for (auto& [key, session] : all) {
    if (session->tick(now)) continue;
    {
      std::lock_guard lock(mutex_);
      if (auto it = sessions_.find(key); it != sessions_.end() && it->second == session)
        sessions_.erase(it);
    }
    session->end("idle");
  }
}

void LpTransport::end_all(std::string_view reason) {
  std::unordered_map<std::string, std::shared_ptr<DeviceSession>> all;
  {
    std::lock_guard lock(mutex_);
    all.swap(sessions_);
  }
  for (auto& [_, s] : all) s->end(reason);
}

void LpTransport::drain() {
  end_all("shutdown");
}

void LpTransport::stop() {
  sweep_.reset();
  get_.reset();
  post_.reset();
  end_all("shutdown");
}

}  // namespace transport_longpoll
