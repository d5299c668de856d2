// SPDX-License-Identifier: Apache-2.0
// See upload_routes.hpp. Pieces are written on the I/O thread as they arrive (the SHA-256
// goes along); the commit, the quota and the index run on the media workers after the
// device's standing is checked again.
#include "upload_routes.hpp"

#include "http_answers.hpp"

namespace media_layer {

namespace {

using sb::HttpResponse;

constexpr std::string_view kTus = "1.0.0";

HttpResponse too_large(std::uint64_t limit) {
  return HttpResponse::error(
      413, "too_large",
      "the file is larger than " + std::to_string(limit) + " bytes (media-layer max_file_bytes)");
}

HttpResponse tus(HttpResponse r) {
  r.headers.emplace_back("Tus-Resumable", std::string(kTus));
  return r;
}

// Commits `writer` as `owner`'s upload on a worker, after the token's full check, and
// answers with the media record (or 401, 507, 500).
void commit_upload(std::shared_ptr<MediaLayer> media, std::string token, std::string owner,
                   std::string content_type, std::shared_ptr<sb::BlobWriter> writer,
                   std::shared_ptr<sb::HttpResponder> responder, std::function<void()> then) {
  media->messaging->verify_token(std::move(token), [=](std::optional<sb::ClientIdentity> who) {
    if (!who || who->user != owner) return responder->respond(unauthorized());
    media->run([=] {
      try {
        auto blob = writer->commit();
        auto record = media->record_upload(owner, blob, content_type);
        if (then) then();
        responder->respond(tus(media_json(200, record)));
      } catch (const QuotaExceeded& e) {
        if (then) then();
        responder->respond(HttpResponse::error(507, "quota_exceeded", e.what()));
      } catch (const std::exception& e) {
        media->log.error("media upload failed", {{"what", e.what()}});
        responder->respond(HttpResponse::error(500, "internal", "the upload was not stored"));
      }
    });
  });
}

class SingleUpload final : public sb::HttpBodySink {
 public:
  SingleUpload(std::shared_ptr<MediaLayer> media, std::string token, std::string owner,
               std::string content_type)
      : media_(std::move(media)),
        token_(std::move(token)),
        owner_(std::move(owner)),
        content_type_(std::move(content_type)),
        writer_(media_->store->create()) {}

  std::optional<HttpResponse> write(std::string_view piece) override {
    auto max = static_cast<std::uint64_t>(media_->config.max_file_bytes);
    if (writer_->written() + piece.size() > max) return too_large(max);
    writer_->write(piece);
    return std::nullopt;
  }

  void finish(std::shared_ptr<sb::HttpResponder> responder) override {
    commit_upload(media_, token_, owner_, content_type_, std::move(writer_), responder, {});
  }

  void abort() override { writer_.reset(); }

 private:
  std::shared_ptr<MediaLayer> media_;
  std::string token_, owner_, content_type_;
  std::shared_ptr<sb::BlobWriter> writer_;
};

sb::HttpBodyAccept refuse(HttpResponse r) {
  return {nullptr, tus(std::move(r))};
}

sb::HttpBodyAccept start_single(std::shared_ptr<MediaLayer> media, const sb::HttpRequest& req) {
  auto who = caller_of(req, *media->messaging);
  if (!who) return refuse(unauthorized());
  std::string error;
  auto type = declared_type(req, error);
  if (!type) return refuse(HttpResponse::error(400, "bad_request", error));
  auto max = static_cast<std::uint64_t>(media->config.max_file_bytes);
  try {
    if (auto len = header_number(req, "Content-Length"); len && *len > max)
      return refuse(too_large(max));
  } catch (const std::invalid_argument& e) {
    return refuse(HttpResponse::error(400, "bad_request", e.what()));
  }
  return {std::make_unique<SingleUpload>(media, std::string(*req.bearer_token()), who->user, *type),
          {}};
}

// tus PATCH: appends to an upload at the offset the client names.
class UploadPatch final : public sb::HttpBodySink {
 public:
  UploadPatch(std::shared_ptr<MediaLayer> media, std::string id, std::shared_ptr<Upload> up,
              std::string token)
      : media_(std::move(media)),
        id_(std::move(id)),
        up_(std::move(up)),
        token_(std::move(token)) {}
  ~UploadPatch() override { done(); }

  std::optional<HttpResponse> write(std::string_view piece) override {
    if (up_->writer->written() + piece.size() > up_->length)
      return tus(HttpResponse::error(
          413, "too_large",
          "the body goes beyond Upload-Length (" + std::to_string(up_->length) + " bytes)"));
    up_->writer->write(piece);
    return std::nullopt;
  }

  void finish(std::shared_ptr<sb::HttpResponder> responder) override {
    auto written = up_->writer->written();
    if (written < up_->length) {
      done();
      auto r = tus(HttpResponse{204, "", {}, {}});
      r.headers.emplace_back("Upload-Offset", std::to_string(written));
      return responder->respond(std::move(r));
    }
    std::shared_ptr<sb::BlobWriter> writer = std::move(up_->writer);
    media_->uploads.remove(id_);
    done();
    commit_upload(media_, token_, up_->owner, up_->content_type, writer, responder, {});
  }

  void abort() override { done(); }  // what was written stays: the client resumes from it

 private:
  void done() {
    if (finished_) return;
    finished_ = true;
    std::lock_guard lock(media_->uploads.mutex());
    up_->busy = false;
    up_->touched_ms = media_->now_ms();
  }

  std::shared_ptr<MediaLayer> media_;
  std::string id_;
  std::shared_ptr<Upload> up_;
  std::string token_;
  bool finished_ = false;
};

// The upload `id` if it is the caller's (anyone else's is "not found", as is a gone one).
std::shared_ptr<Upload> own_upload(MediaLayer& media, const sb::HttpRequest& req,
                                   const std::string& user) {
  auto id = req.params.at("id");
  if (!valid_id(id, "u_")) return nullptr;
  auto up = media.uploads.find(id);
  return up && up->owner == user ? up : nullptr;
}

HttpResponse no_upload() {
  return tus(HttpResponse::error(404, "not_found",
                                 "no such upload: it finished, was never yours, or lapsed "
                                 "(media-layer upload_idle_seconds); start a new one"));
}

sb::HttpBodyAccept start_patch(std::shared_ptr<MediaLayer> media, const sb::HttpRequest& req) {
  auto who = caller_of(req, *media->messaging);
  if (!who) return refuse(unauthorized());
  auto up = own_upload(*media, req, who->user);
  if (!up) return refuse(no_upload());
  auto ct = req.header("Content-Type");
  if (!ct || !sb::detail::iequals(*ct, "application/offset+octet-stream"))
    return refuse(HttpResponse::error(
        415, "bad_request", "header Content-Type: must be application/offset+octet-stream"));
  std::optional<std::uint64_t> offset;
  try {
    offset = header_number(req, "Upload-Offset");
  } catch (const std::invalid_argument& e) {
    return refuse(HttpResponse::error(400, "bad_request", e.what()));
  }
  if (!offset)
    return refuse(HttpResponse::error(400, "bad_request", "header Upload-Offset is missing"));
  std::lock_guard lock(media->uploads.mutex());
  if (up->busy)
    return refuse(HttpResponse::error(409, "conflict", "another PATCH of this upload is running"));
  auto at = up->writer->written();
  if (*offset != at) {
    auto r = HttpResponse::error(409, "conflict",
                                 "header Upload-Offset: the upload is at " + std::to_string(at) +
                                     ", not " + std::to_string(*offset));
    r.headers.emplace_back("Upload-Offset", std::to_string(at));
    return refuse(std::move(r));
  }
  up->busy = true;
  return {std::make_unique<UploadPatch>(media, req.params.at("id"), up,
                                        std::string(*req.bearer_token())),
          {}};
}

void create_upload(std::shared_ptr<MediaLayer> media, const sb::HttpRequest& req,
                   std::shared_ptr<sb::HttpResponder> res) {
  auto who = caller_of(req, *media->messaging);
  if (!who) return res->respond(tus(unauthorized()));
  std::string error;
  auto type = declared_type(req, error);
  if (!type) return res->respond(tus(HttpResponse::error(400, "bad_request", error)));
  std::optional<std::uint64_t> length;
  try {
    length = header_number(req, "Upload-Length");
  } catch (const std::invalid_argument& e) {
    return res->respond(tus(HttpResponse::error(400, "bad_request", e.what())));
  }
  if (!length)
    return res->respond(tus(HttpResponse::error(400, "bad_request",
                                                "header Upload-Length is missing (the file's "
                                                "size in bytes; deferred length is not offered)")));
  auto max = static_cast<std::uint64_t>(media->config.max_file_bytes);
  if (*length > max) return res->respond(tus(too_large(max)));
  media->run([media, res, user = who->user, type = *type, length = *length] {
    auto used = media->index->usage(user);
    auto quota = static_cast<std::uint64_t>(media->config.quota_bytes);
    if (used + length > quota)
      return res->respond(tus(HttpResponse::error(
          507, "quota_exceeded",
          "this upload of " + std::to_string(length) + " bytes would bring your stored media to " +
              std::to_string(used + length) + " bytes; the quota is " + std::to_string(quota) +
              " (media-layer quota_bytes)")));
    auto up = std::make_shared<Upload>();
    up->owner = user;
    up->length = length;
    up->content_type = type;
    up->writer = media->store->create();
    up->touched_ms = media->now_ms();
    auto id = random_id("u_");
    media->uploads.add(id, up);
    auto r = tus(sb::HttpResponse::with_json(
        201, sb::json::serialize(sb::json::object{{"upload_id", id}, {"offset", 0}})));
    r.headers.emplace_back("Location", "/v1/media/uploads/" + id);
    r.headers.emplace_back("Upload-Offset", "0");
    res->respond(std::move(r));
  });
}

void upload_status(std::shared_ptr<MediaLayer> media, const sb::HttpRequest& req,
                   std::shared_ptr<sb::HttpResponder> res) {
  auto who = caller_of(req, *media->messaging);
  if (!who) return res->respond(tus(unauthorized()));
  auto up = own_upload(*media, req, who->user);
  if (!up) return res->respond(no_upload());
  std::lock_guard lock(media->uploads.mutex());
  auto r = tus(HttpResponse{200, "", {}, {}});
  r.headers.emplace_back("Upload-Offset", std::to_string(up->writer ? up->writer->written() : 0));
  r.headers.emplace_back("Upload-Length", std::to_string(up->length));
  r.headers.emplace_back("Cache-Control", "no-store");
  res->respond(std::move(r));
}

}  // namespace

std::vector<sb::Subscription> add_upload_routes(sb::HttpRouter& router,
                                                std::shared_ptr<MediaLayer> media) {
  // The route's own cap is a backstop: the sinks refuse at max_file_bytes with its name.
  auto cap = static_cast<std::uint64_t>(media->config.max_file_bytes) + 1;
  std::vector<sb::Subscription> subs;
  subs.push_back(
      router.streaming_route("POST", "/v1/media", cap,
                             [media](const sb::HttpRequest& r) { return start_single(media, r); }));
  subs.push_back(router.route(
      "POST", "/v1/media/uploads",
      [media](const sb::HttpRequest& r, auto res) { create_upload(media, r, std::move(res)); }));
  subs.push_back(router.route(
      "HEAD", "/v1/media/uploads/{id}",
      [media](const sb::HttpRequest& r, auto res) { upload_status(media, r, std::move(res)); }));
  subs.push_back(
      router.streaming_route("PATCH", "/v1/media/uploads/{id}", cap,
                             [media](const sb::HttpRequest& r) { return start_patch(media, r); }));
  return subs;
}

}  // namespace media_layer
