// SPDX-License-Identifier: Apache-2.0
// A MediaRefs provider for the tests of what holds media (user deletion): it keeps holds in
// memory and notes every call on the test.probe service as one line ("release <holder>").
// The media layer's own store is tested in its own folder.
#include <map>
#include <mutex>
#include <set>

#include <switchboard/plugin.hpp>
#include <switchboard/services/media_refs.hpp>

#include "probe_service.hpp"

namespace {

struct NoConfig {
  static sb::ConfigSchema schema() { return {}; }
  static NoConfig load(const sb::ConfigView&) { return {}; }
};

class ProbeRefs final : public sb::MediaRefs {
 public:
  explicit ProbeRefs(std::shared_ptr<sb::test::Probe> probe) : probe_(std::move(probe)) {}
  std::string media_owner(const std::string& media_id) override {
    return media_id.starts_with("m_") ? "someone" : "";
  }
  bool hold(const std::string& media_id, const std::string& holder) override {
    probe_->note("hold " + media_id + " " + holder);
    std::lock_guard lock(mutex_);
    holds_[holder].insert(media_id);
    return true;
  }
  void release(const std::string& holder) override {
    probe_->note("release " + holder);
    std::lock_guard lock(mutex_);
    holds_.erase(holder);
  }
  std::string signed_url(const std::string& media_id) override { return "/v1/media/" + media_id; }

 private:
  std::shared_ptr<sb::test::Probe> probe_;
  std::mutex mutex_;
  std::map<std::string, std::set<std::string>> holds_;
};

class MediaRefsProbePlugin final : public sb::PluginBase<NoConfig> {
 protected:
  void start(const NoConfig&, sb::Context& ctx) override {
    auto probe = std::make_shared<sb::test::Probe>();
    ctx.services().provide<sb::test::Probe>(probe);
    ctx.services().provide<sb::MediaRefs>(std::make_shared<ProbeRefs>(probe));
  }
};

sb::Manifest manifest() {
  return {.name = "media-refs-probe",
          .version = "1.0.0",
          .kind = "media",
          .description = "Test MediaRefs provider that notes holds and releases.",
          .provides = {std::string(sb::test::Probe::service_name),
                       std::string(sb::MediaRefs::service_name)},
          .requires_ = {},
          .consumes = {},
          .intercepts = {},
          .publishes = {},
          .schema = NoConfig::schema()};
}

}  // namespace

SB_PLUGIN(manifest, MediaRefsProbePlugin)
