// SPDX-License-Identifier: Apache-2.0
// See greeter.hpp. Registrations are handed to ctx.hold(), so the kernel removes them when
// the plugin unloads.
#include "greeter.hpp"

#include <switchboard/events/system.hpp>

namespace hello {

void Greeter::start(const Config& config, sb::Context& ctx) {
  // Observers run on the bus's worker threads, hence the atomic and the mutex.
  ctx.hold(ctx.bus().observe<sb::ServerStarted>([this](const sb::ServerStarted& e) {
    events_seen_++;
    std::lock_guard lock(mutex_);
    last_event_ = std::string(sb::ServerStarted::event_name) + " on " + e.node;
  }));
  // HTTP handlers run on an I/O thread and must not block.
  ctx.hold(ctx.http().route("GET", config.path,
                            [this](const sb::HttpRequest&, std::shared_ptr<sb::HttpResponder> r) {
                              r->respond(sb::HttpResponse::with_json(200, answer()));
                            }));
  ctx.log().info("hello plugin started", {{"path", config.path}});
}

std::string Greeter::answer() const {
  std::string greeting;
  for (std::int64_t i = 0; i < config().repeat; ++i) greeting += config().greeting;
  std::lock_guard lock(mutex_);
  return sb::json::serialize(sb::json::object{
      {"greeting", greeting}, {"events_seen", events_seen_.load()}, {"last_event", last_event_}});
}

}  // namespace hello
