// SPDX-License-Identifier: Apache-2.0
// A well-behaved test plugin: provides the probe service, observes message.accepted,
// vetoes submissions whose body is "forbidden", and serves GET /test/<instance>/hello.
#include <switchboard/events/message.hpp>
#include <switchboard/plugin.hpp>

#include "probe_service.hpp"

namespace {

struct ProbeConfig {
  std::string greeting;
  std::int64_t times = 1;
  static sb::ConfigSchema schema() {
    return {sb::key_string("greeting", "hello", "What GET /test/<id>/hello answers."),
            sb::key_int("times", 1, "How often the greeting repeats.", 1, 10),
            sb::key_string("mode", "normal", "A key with choices.", {"normal", "loud"})};
  }
  static ProbeConfig load(const sb::ConfigView& v) {
    return {v.string("greeting"), v.integer("times")};
  }
};

class ProbePlugin final : public sb::PluginBase<ProbeConfig> {
 protected:
  void start(const ProbeConfig& cfg, sb::Context& ctx) override {
    probe_ = std::make_shared<sb::test::Probe>();
    ctx.services().provide<sb::test::Probe>(probe_);
    std::string id(ctx.instance_id());
    probe_->note("start " + id);
    ctx.hold(ctx.bus().observe<sb::MessageAccepted>(
        [p = probe_, id](const sb::MessageAccepted& m) { p->note(id + " accepted " + m.msg_id); }));
    ctx.hold(ctx.bus().intercept<sb::MessageSubmitted>([](sb::MessageSubmitted& m) {
      if (m.body == "forbidden") return sb::Verdict::veto("forbidden", "no forbidden words");
      return sb::Verdict::proceed();
    }));
    std::string answer;
    for (std::int64_t i = 0; i < cfg.times; ++i) answer += cfg.greeting;
    ctx.hold(
        ctx.http().route("GET", "/test/" + id + "/hello",
                         [answer](const sb::HttpRequest&, std::shared_ptr<sb::HttpResponder> r) {
                           r->respond(sb::HttpResponse::with_text(200, answer));
                         }));
    id_ = id;
  }
  void stop() override { probe_->note("stop " + id_); }

 private:
  std::shared_ptr<sb::test::Probe> probe_;
  std::string id_;
};

sb::Manifest manifest() {
  return {.name = "good-probe",
          .version = "1.2.3",
          .kind = "test",
          .description = "Test plugin that records what it sees.",
          .provides = {std::string(sb::test::Probe::service_name)},
          .requires_ = {},
          .consumes = {"message.accepted"},
          .intercepts = {{"message.submitted", 50}},
          .publishes = {},
          .schema = ProbeConfig::schema()};
}

}  // namespace

SB_PLUGIN(manifest, ProbePlugin)
