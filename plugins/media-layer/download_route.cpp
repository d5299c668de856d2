// SPDX-License-Identifier: Apache-2.0
// See download_route.hpp. Everything is sent with nosniff and as an attachment, so a
// browser never renders uploaded bytes as a page of this origin.
#include "download_route.hpp"

#include "range_header.hpp"

namespace media_layer {

namespace {

using sb::HttpResponse;

void add_common(HttpResponse& r, const std::string& etag) {
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Content-Disposition", "attachment");
  r.headers.emplace_back("Accept-Ranges", "bytes");
  r.headers.emplace_back("ETag", etag);
  r.headers.emplace_back("Cache-Control", "private, max-age=3600");
}

// If-None-Match: "*" or a list holding the ETag (weak or not: the bytes never change).
bool etag_matches(std::string_view header, std::string_view etag) {
  if (header.find('*') != std::string_view::npos) return true;
  return header.find(etag) != std::string_view::npos;
}

void serve(MediaLayer& media, const std::string& id, std::optional<std::string> range,
           std::optional<std::string> if_none_match, std::shared_ptr<sb::HttpResponder> res) {
  auto m = media.index->get(id);
  if (!m) return res->respond(HttpResponse::error(404, "not_found", "the media was deleted"));
  auto etag = "\"" + m->sha256 + "\"";
  if (if_none_match && etag_matches(*if_none_match, etag)) {
    HttpResponse r{304, "", {}, {}};
    add_common(r, etag);
    return res->respond(std::move(r));
  }
  if (auto direct = media.store->direct_url(m->sha256, std::chrono::seconds(60)); !direct.empty()) {
    HttpResponse r{302, "", {{"Location", direct}}, {}};
    return res->respond(std::move(r));
  }
  RangeAnswer part;
  if (range) part = parse_range(*range, m->size);
  if (part.kind == RangeAnswer::Kind::malformed)
    return res->respond(HttpResponse::error(400, "bad_request", part.error));
  if (part.kind == RangeAnswer::Kind::unsatisfiable) {
    auto r = HttpResponse::error(416, "bad_request", part.error);
    r.headers.emplace_back("Content-Range", "bytes */" + std::to_string(m->size));
    return res->respond(std::move(r));
  }
  bool whole = part.kind == RangeAnswer::Kind::whole;
  std::uint64_t offset = whole ? 0 : part.offset, length = whole ? m->size : part.length;
  auto body = media.store->read(m->sha256, offset, length);
  if (!body) {
    media.log.error("media blob missing", {{"media", id}, {"sha256", m->sha256}});
    return res->respond(HttpResponse::error(500, "internal", "the media's bytes are missing"));
  }
  HttpResponse head{whole ? 200 : 206, m->content_type, {}, {}};
  add_common(head, etag);
  if (!whole)
    head.headers.emplace_back("Content-Range", "bytes " + std::to_string(offset) + "-" +
                                                   std::to_string(offset + length - 1) + "/" +
                                                   std::to_string(m->size));
  res->respond_stream(std::move(head), std::move(body));
}

}  // namespace

sb::Subscription add_download_route(sb::HttpRouter& router, std::shared_ptr<MediaLayer> media) {
  return router.route("GET", "/v1/media/{id}", [media](const sb::HttpRequest& req, auto res) {
    auto id = req.params.at("id");
    auto exp = req.query_param("exp"), sig = req.query_param("sig");
    if (!exp || !sig)
      return res->respond(HttpResponse::error(
          403, "forbidden", "a media link needs its exp and sig: ask for one with media.url"));
    switch (media->signer.check(id, *exp, *sig, media->now_ms() / 1000)) {
      case UrlSigner::Check::bad:
        return res->respond(
            HttpResponse::error(403, "forbidden",
                                "the link's signature does not match: it was altered or is "
                                "for other media"));
      case UrlSigner::Check::expired:
        return res->respond(HttpResponse::error(
            410, "expired", "the link expired: ask for a new one with media.url"));
      case UrlSigner::Check::ok: break;
    }
    auto range = req.header("Range");
    auto inm = req.header("If-None-Match");
    media->run([media, id, res, range = range ? std::optional<std::string>(*range) : std::nullopt,
                inm = inm ? std::optional<std::string>(*inm) : std::nullopt] {
      serve(*media, id, range, inm, res);
    });
  });
}

}  // namespace media_layer
