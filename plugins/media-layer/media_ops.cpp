// SPDX-License-Identifier: Apache-2.0
// See media_ops.hpp. An id that is not one of ours is refused before any lookup, and media
// the caller may not see answers exactly as media that does not exist would not: forbidden
// names the rule, not_found the id.
#include "media_ops.hpp"

namespace media_layer {

namespace {

std::string field(const sb::json::object& req, std::string_view name, std::size_t max) {
  auto* v = req.if_contains(name);
  if (!v) throw sb::OpError("bad_request", "field \"" + std::string(name) + "\" is missing");
  if (!v->is_string())
    throw sb::OpError("bad_request", "field \"" + std::string(name) + "\": expected a string");
  auto s = std::string(v->as_string());
  if (s.size() > max)
    throw sb::OpError("bad_request", "field \"" + std::string(name) + "\": at most " +
                                         std::to_string(max) + " characters");
  return s;
}

sb::MediaRecord media_of(MediaLayer& media, const sb::json::object& req) {
  auto id = field(req, "media_id", 64);
  if (!valid_id(id, "m_"))
    throw sb::OpError("bad_request", "field \"media_id\": \"" + id +
                                         "\" is not a media id (m_ and 32 hex digits)");
  auto m = media.index->get(id);
  if (!m) throw sb::OpError("not_found", "no media \"" + id + "\"");
  return *m;
}

}  // namespace

std::vector<sb::Subscription> add_media_ops(std::shared_ptr<MediaLayer> media) {
  std::vector<sb::Subscription> subs;
  subs.push_back(media->messaging->add_op("media.url", [media](const sb::ClientIdentity& who,
                                                               const sb::json::object& req) {
    auto m = media_of(*media, req);
    if (!media->may_see(who.user, m))
      throw sb::OpError("forbidden", "media \"" + m.id +
                                         "\" was not sent to a chat you are in, and is not yours");
    auto expires = media->now_ms() / 1000 + media->config.url_ttl_seconds;
    return sb::json::object{{"url", media->signer.url(m.id, expires)},
                            {"expires", expires},
                            {"size", m.size},
                            {"content_type", m.content_type},
                            {"sha256", m.sha256}};
  }));
  subs.push_back(media->messaging->add_op(
      "media.exists", [media](const sb::ClientIdentity& who, const sb::json::object& req) {
        auto sha = field(req, "sha256", 64);
        bool hex = sha.size() == 64;
        for (char c : sha) hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
        if (!hex)
          throw sb::OpError("bad_request", "field \"sha256\": expected 64 lowercase hex digits");
        auto m = media->index->find_by_hash(who.user, sha);
        if (!m) return sb::json::object{{"exists", false}};
        return sb::json::object{{"exists", true}, {"media_id", m->id}, {"size", m->size}};
      }));
  subs.push_back(media->messaging->add_op(
      "media.delete", [media](const sb::ClientIdentity& who, const sb::json::object& req) {
        auto m = media_of(*media, req);
        if (m.owner != who.user)
          throw sb::OpError("forbidden", "only the uploader deletes media \"" + m.id + "\"");
        media->forget(m);
        return sb::json::object{};
      }));
  return subs;
}

}  // namespace media_layer
