// SPDX-License-Identifier: Apache-2.0
// See device_session.hpp. Responders are answered and the core is called outside mutex_:
// the core may call send() from inside on_frame().
#include "device_session.hpp"

#include <algorithm>
#include <vector>

namespace transport_longpoll {

namespace json = boost::json;

namespace {

sb::HttpResponse json_answer(std::string body) {
  return sb::HttpResponse::with_json(200, std::move(body));
}

std::optional<std::int64_t> cursor_of(const json::object& o) {
  auto* c = o.if_contains("cursor");
  if (c && c->is_int64()) return c->get_int64();
  if (c && c->is_uint64()) return static_cast<std::int64_t>(c->get_uint64());
  return std::nullopt;
}

}  // namespace

void DeviceSession::attach(std::shared_ptr<sb::ClientSession> core) {
  std::lock_guard lock(core_mutex_);
  core_ = std::move(core);
}

void DeviceSession::feed(std::string_view frame) {
  std::lock_guard lock(core_mutex_);
  if (core_) core_->on_frame(frame);
}

void DeviceSession::respond(std::vector<Answer>& answers) {
  for (auto& [responder, response] : answers)
    if (responder) responder->respond(std::move(response));
  answers.clear();
}

void DeviceSession::submit(const json::array& requests,
                           std::shared_ptr<sb::HttpResponder> responder) {
  std::shared_ptr<PostBatch> batch;
  {
    std::lock_guard lock(mutex_);
    last_used_ = Clock::now();
    if (closed_) {
      responder->respond(closed_answer());
      return;
    }
    auto n = ++next_batch_;
    batch = std::make_shared<PostBatch>(requests, "lp~" + std::to_string(n) + "~",
                                        config_.max_reply_bytes);
    if (batch->complete()) {
      responder->respond(json_answer(batch->answer()));
      return;
    }
    for (auto& out : batch->outgoing())
      waiting_.emplace("lp~" + std::to_string(n) + "~" + std::to_string(out.slot),
                       std::pair{n, out.slot});
    batches_.emplace(n,
                     OpenBatch{batch, std::move(responder), Clock::now() + config_.reply_timeout});
  }
  for (auto& out : batch->outgoing()) feed(out.frame);
}

void DeviceSession::poll(std::int64_t cursor, std::shared_ptr<sb::HttpResponder> responder) {
  bool ack = false;
  {
    std::lock_guard lock(mutex_);
    if (cursor > acked_) {
      // The core checks the cursor itself (and refuses one beyond what it issued). Locally,
      // a cursor beyond what this session's polls carried must not drop events the client
      // never got; a fresh session has carried nothing yet, and its first cursor speaks of
      // what an earlier session delivered, so it is taken as it is.
      acked_ = std::max(acked_, delivered_ == 0 ? cursor : std::min(cursor, delivered_));
      ack = true;
    }
  }
  // The cursor of a poll acks what the previous poll delivered.
  if (ack) feed(json::serialize(json::object{{"op", "ack"}, {"cursor", cursor}}));
  std::vector<Answer> answers;
  {
    std::lock_guard lock(mutex_);
    last_used_ = Clock::now();
    while (!events_.empty() && events_.front().cursor && *events_.front().cursor <= acked_) {
      buffered_bytes_ -= events_.front().frame.size();
      events_.pop_front();
    }
    if (poll_) answers.emplace_back(std::move(poll_), json_answer("[]"));  // superseded
    poll_ = nullptr;
    // After the core ended the session: what no poll carried yet, then the reason. Events
    // given before and never acked would otherwise come again on every poll of a client
    // that never acks (a slow consumer), which would never learn the session is gone.
    if (auto body = take_deliverable(closed_)) {
      answers.emplace_back(std::move(responder), json_answer(std::move(*body)));
    } else if (closed_) {
      answers.emplace_back(std::move(responder), closed_answer());
    } else {
      poll_ = std::move(responder);
      poll_deadline_ = Clock::now() + config_.poll_wait;
    }
  }
  respond(answers);
}

std::optional<std::string> DeviceSession::take_deliverable(bool only_new) {
  std::string body;
  for (auto it = events_.begin(); it != events_.end();) {
    if (it->cursor && *it->cursor <= acked_) {  // acked while queued
      buffered_bytes_ -= it->frame.size();
      it = events_.erase(it);
      continue;
    }
    if (only_new && it->cursor && *it->cursor <= delivered_) {
      ++it;
      continue;
    }
    body += body.empty() ? "[" : ",";
    body += it->frame;
    if (it->cursor) {
      delivered_ = std::max(delivered_, *it->cursor);
      ++it;  // stays until acked
    } else {
      buffered_bytes_ -= it->frame.size();
      it = events_.erase(it);
    }
  }
  if (body.empty()) return std::nullopt;
  return body + "]";
}

bool DeviceSession::send(std::string frame) {
  boost::system::error_code ec;
  auto value = json::parse(frame, ec);
  if (ec || !value.is_object()) return true;  // not a frame a client could use
  auto& o = value.as_object();
  std::vector<Answer> answers;
  bool accepted = true;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    if (o.contains("ev")) {
      buffered_bytes_ += frame.size();
      events_.push_back({cursor_of(o), std::move(frame)});
      if (buffered_bytes_ > config_.max_buffered_bytes) {
        close_locked("slow_consumer", answers);
        accepted = false;
      } else if (poll_) {
        if (auto body = take_deliverable())
          answers.emplace_back(std::move(poll_), json_answer(std::move(*body)));
        poll_ = nullptr;
      }
    } else {
      route_reply(o, answers);
    }
  }
  respond(answers);
  return accepted;
}

void DeviceSession::route_reply(json::object& reply, std::vector<Answer>& answers) {
  auto* id = reply.if_contains("id");
  if (!id || !id->is_string()) return;  // an ack's reply or a reply without id: nobody waits
  auto w = waiting_.find(std::string_view(id->get_string()));
  if (w == waiting_.end()) return;
  auto [n, slot] = w->second;
  waiting_.erase(w);
  auto b = batches_.find(n);
  if (b == batches_.end()) return;
  b->second.batch->fill(slot, std::move(reply));
  if (!b->second.batch->complete()) return;
  answers.emplace_back(std::move(b->second.responder), json_answer(b->second.batch->answer()));
  batches_.erase(b);
}

void DeviceSession::close(std::string_view reason) {
  std::vector<Answer> answers;
  {
    std::lock_guard lock(mutex_);
    close_locked(reason, answers);
  }
  respond(answers);
}

void DeviceSession::close_locked(std::string_view reason, std::vector<Answer>& answers) {
  if (closed_) return;
  closed_ = true;
  close_reason_ = std::string(reason);
  closed_at_ = Clock::now();
  if (poll_) {
    // Events still due go first; the reason then answers the client's next request.
    auto body = take_deliverable();
    answers.emplace_back(std::move(poll_), body ? json_answer(std::move(*body)) : closed_answer());
    poll_ = nullptr;
  }
  for (auto& [n, open] : batches_) {
    open.batch->fail_missing("unavailable", "the session ended");
    answers.emplace_back(std::move(open.responder), json_answer(open.batch->answer()));
  }
  batches_.clear();
  waiting_.clear();
}

bool DeviceSession::tick(Clock::time_point now) {
  std::vector<Answer> answers;
  bool alive;
  {
    std::lock_guard lock(mutex_);
    if (poll_ && now >= poll_deadline_) {
      answers.emplace_back(std::move(poll_), json_answer("[]"));
      poll_ = nullptr;
      last_used_ = now;  // the idle period counts from the end of the last poll
    }
    for (auto it = batches_.begin(); it != batches_.end();) {
      if (now < it->second.deadline) {
        ++it;
        continue;
      }
      it->second.batch->fail_missing("unavailable", "no reply in time");
      answers.emplace_back(std::move(it->second.responder),
                           json_answer(it->second.batch->answer()));
      for (auto w = waiting_.begin(); w != waiting_.end();)
        w = w->second.first == it->first ? waiting_.erase(w) : std::next(w);
      it = batches_.erase(it);
    }
    // A closed session stays while its client has not been told why (bounded by the idle
    // period, for a client that never comes back).
    alive = closed_ ? !close_reported_ && now < closed_at_ + config_.session_idle
                    : poll_ || !batches_.empty() || now < last_used_ + config_.session_idle;
  }
  respond(answers);
  return alive;
}

void DeviceSession::end(std::string_view reason) {
  close(reason);
  std::shared_ptr<sb::ClientSession> core;
  {
    std::lock_guard lock(core_mutex_);
    core = std::move(core_);
    core_ = nullptr;
    if (core) core->on_close();
  }
}

bool DeviceSession::replaceable() const {
  std::lock_guard lock(mutex_);
  return closed_ && close_reported_;
}

sb::HttpResponse DeviceSession::closed_answer() {
  close_reported_ = true;
  const auto& r = close_reason_;
  bool auth = r == "revoked" || r == "banned" || r == "unauthorized" || r == "auth_timeout";
  return auth ? sb::HttpResponse::error(401, "unauthorized", r)
              : sb::HttpResponse::error(503, "unavailable", r);
}

}  // namespace transport_longpoll
