// SPDX-License-Identifier: Apache-2.0
// See layer_plugin.hpp.
#include "layer_plugin.hpp"

#include <filesystem>

#include "download_route.hpp"
#include "media_ops.hpp"
#include "message_holds.hpp"
#include "upload_routes.hpp"

namespace media_layer {

void MediaLayerPlugin::start(const Config& config, sb::Context& ctx) {
  auto& services = ctx.services();
  auto dir = std::filesystem::path(ctx.data_dir()) / std::string(ctx.instance_id());
  std::filesystem::create_directories(dir);
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace);
  Parts parts{config,
              services.get<sb::MediaStore>(),
              services.get<sb::MediaIndex>(),
              services.get<sb::Messaging>(),
              services.get<sb::GroupStore>(),
              ctx.log(),
              UrlSigner::load_or_create_key((dir / "url.key").string())};
  if (!parts.store) throw std::runtime_error("no media-store service: add a media-fs instance");
  if (!parts.index)
    throw std::runtime_error("no media-index service: the store plugin must provide it");
  if (!parts.messaging) throw std::runtime_error("no messaging service");
  media_ = std::make_shared<MediaLayer>(std::move(parts));
  services.provide<sb::MediaRefs>(media_);
  for (auto& s : add_upload_routes(ctx.http(), media_)) subs_.push_back(std::move(s));
  subs_.push_back(add_download_route(ctx.http(), media_));
  for (auto& s : add_media_ops(media_)) subs_.push_back(std::move(s));
  for (auto& s : add_message_holds(ctx.bus(), media_)) subs_.push_back(std::move(s));
  auto media = media_;
  subs_.push_back(ctx.scheduler().every(std::chrono::seconds(config.sweep_interval_seconds),
                                        [media] { media->run([media] { media->sweep(); }); }));
}

void MediaLayerPlugin::stop() {
  subs_.clear();
}

}  // namespace media_layer
