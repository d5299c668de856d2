// SPDX-License-Identifier: Apache-2.0
// See webpush_plugin.hpp.
#include "webpush_plugin.hpp"

#include <stdexcept>

#include <switchboard/services/http_client.hpp>

#include "vapid_key_file.hpp"

namespace webpush {

void WebPushPlugin::start(const Config& config, sb::Context& ctx) {
  if (auto problem = subject_problem(config.subject)) throw std::runtime_error(*problem);
  auto http = ctx.services().get<sb::HttpClient>();
  if (!http) throw std::runtime_error("no http-client service: the kernel provides it");

  auto key = load_vapid_key(config.private_key_file, ctx.data_dir());
  auto vapid = std::make_shared<Vapid>(std::move(key.key), config.subject);
  if (key.created)
    ctx.log().info("generated a VAPID key pair; keep this file, subscriptions depend on it",
                   {{"path", key.path}});

  provider_ = std::make_shared<WebPushProvider>(
      vapid, std::move(http),
      ProviderOptions{config.sender_name, config.allow_private_endpoints, config.ca_file,
                      config.timeout_ms, config.degraded_after},
      ctx.log());
  ctx.services().provide<sb::PushProvider>(provider_);

  if (!config.vapid_path.empty()) {
    std::string body =
        sb::json::serialize(sb::json::object{{"vapid_public_key", vapid->public_key()}});
    ctx.hold(ctx.http().route("GET", config.vapid_path,
                              [body](const sb::HttpRequest&, std::shared_ptr<sb::HttpResponder> r) {
                                auto response = sb::HttpResponse::with_json(200, body);
                                // The key changes only with the key file: caching for an
                                // hour spares the server repeated fetches by browsers.
                                response.headers.emplace_back("Cache-Control",
                                                              "public, max-age=3600");
                                r->respond(std::move(response));
                              }));
  }
  if (config.allow_private_endpoints)
    ctx.log().warn("allow_private_endpoints is on: subscriptions may point into private networks");
  ctx.log().info("web push ready", {{"vapid_public_key", vapid->public_key()},
                                    {"key_file", key.path},
                                    {"route", config.vapid_path}});
}

sb::Health WebPushPlugin::health() const {
  return provider_ ? provider_->health() : sb::Health::ok();
}

}  // namespace webpush
