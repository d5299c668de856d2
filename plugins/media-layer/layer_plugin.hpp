// SPDX-License-Identifier: Apache-2.0
// The media-layer plugin: puts the MediaLayer together from the services it needs, provides
// it as MediaRefs, and adds the routes, the ops, the message holds and the sweeper.
#pragma once

#include <memory>
#include <vector>

#include <switchboard/plugin.hpp>

#include "config.hpp"
#include "media_layer.hpp"

namespace media_layer {

class MediaLayerPlugin final : public sb::PluginBase<Config> {
 public:
  void stop() override;

 protected:
  void start(const Config& config, sb::Context& ctx) override;

 private:
  std::shared_ptr<MediaLayer> media_;
  std::vector<sb::Subscription> subs_;
};

}  // namespace media_layer
