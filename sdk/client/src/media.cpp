// SPDX-License-Identifier: Apache-2.0
// See media.hpp: tus uploads (POST, then PATCH per chunk, HEAD to resume) and ranged GETs
// around file_seal's streaming cipher.
#include <switchboard/client/media.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <vector>

#include "file_seal.hpp"

namespace sb::client {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

[[noreturn]] void bad_answer(const std::string& what) {
  throw Error(ErrorKind::protocol, "bad_answer", what);
}

std::uint64_t number_header(const HttpAnswer& a, std::string_view name) {
  auto v = a.header(name);
  if (!v) bad_answer("the answer has no " + std::string(name) + " header");
  try {
    std::size_t used = 0;
    auto n = std::stoull(*v, &used);
    if (used == v->size()) return n;
  } catch (const std::exception&) {
  }
  bad_answer("header " + std::string(name) + ": not a number: " + *v);
}

json::object json_of(const HttpAnswer& a) {
  boost::system::error_code ec;
  auto v = json::parse(a.body, ec);
  if (ec || !v.is_object()) bad_answer("the answer is not a JSON object");
  return std::move(v.as_object());
}

std::string text_field(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  if (!v || !v->is_string())
    throw Error(ErrorKind::protocol, "bad_media", "field \"" + std::string(key) + "\" is missing");
  return std::string(v->get_string());
}

// A private file in the temp dir, removed when this goes.
struct TempFile {
  fs::path path;
  explicit TempFile(std::string_view what) {
    std::random_device rd;
    path = fs::temp_directory_path() /
           ("sb-" + std::string(what) + "-" + std::to_string(rd()) + std::to_string(rd()));
  }
  ~TempFile() {
    std::error_code ec;
    fs::remove(path, ec);
  }
};

std::string read_chunk(std::ifstream& in, std::uint64_t offset, std::size_t n) {
  std::string chunk(n, '\0');
  in.clear();
  in.seekg(static_cast<std::streamoff>(offset));
  in.read(chunk.data(), static_cast<std::streamsize>(n));
  if (static_cast<std::size_t>(in.gcount()) != n)
    throw Error(ErrorKind::local, "local", "the sealed file ended early");
  return chunk;
}

bool retryable(const Error& e) {
  return e.kind() == ErrorKind::unreachable || e.kind() == ErrorKind::timeout;
}

}  // namespace

json::object media_file_fields(const MediaFile& f) {
  json::object o{{"id", f.media_id},
                 {"key", f.key},
                 {"sha256", f.sha256},
                 {"size", f.size},
                 {"type", f.content_type}};
  if (!f.name.empty()) o["name"] = f.name;
  return o;
}

MediaFile media_file_from(const json::object& o) {
  MediaFile f;
  f.media_id = text_field(o, "id");
  f.key = text_field(o, "key");
  if (f.key.size() != 64 || detail::from_hex(f.key).size() != 32)
    throw Error(ErrorKind::protocol, "bad_media", "field \"key\": expected 64 hex digits");
  f.sha256 = text_field(o, "sha256");
  auto* size = o.if_contains("size");
  if (!size || !size->is_number())
    throw Error(ErrorKind::protocol, "bad_media", "field \"size\" is missing");
  boost::system::error_code ec;
  f.size = size->to_number<std::uint64_t>(ec);
  if (ec) throw Error(ErrorKind::protocol, "bad_media", "field \"size\": not a size");
  if (auto* t = o.if_contains("type"); t && t->is_string()) f.content_type = t->get_string();
  if (auto* n = o.if_contains("name"); n && n->is_string()) f.name = n->get_string();
  return f;
}

MediaFile MediaApi::upload_file(const std::string& path, const UploadOptions& options) {
  TempFile sealed_path("seal");
  auto sealed = detail::seal_file(path, sealed_path.path.string());
  const std::vector<std::pair<std::string, std::string>> tus{{"Tus-Resumable", "1.0.0"}};

  auto created = http_call(server_, HttpCall{"POST",
                                             "/v1/media/uploads",
                                             {},
                                             token_,
                                             options.content_type,
                                             {{"Tus-Resumable", "1.0.0"},
                                              {"Upload-Length", std::to_string(sealed.size)}}});
  throw_unless_ok(created);
  auto location = created.header("location");
  if (!location || !location->starts_with("/v1/media/uploads/"))
    bad_answer("the upload was created without a Location");

  std::ifstream in(sealed_path.path, std::ios::binary);
  std::uint64_t offset = 0;
  int failures = 0;
  for (;;) {
    auto n = static_cast<std::size_t>(
        std::min<std::uint64_t>(options.chunk_bytes, sealed.size - offset));
    HttpAnswer a;
    try {
      a = http_call(
          server_, HttpCall{"PATCH",
                            *location,
                            read_chunk(in, offset, n),
                            token_,
                            "application/offset+octet-stream",
                            {{"Tus-Resumable", "1.0.0"}, {"Upload-Offset", std::to_string(offset)}},
                            60s});
    } catch (const Error& e) {
      if (!retryable(e) || ++failures >= options.max_attempts) throw;
      offset = resume_offset(*location);
      continue;
    }
    if (a.status == 409 && ++failures < options.max_attempts) {
      offset = resume_offset(*location);  // another attempt's bytes arrived after all
      continue;
    }
    throw_unless_ok(a);
    if (a.status == 204) {
      offset = number_header(a, "upload-offset");
      if (offset > sealed.size) bad_answer("the server is past the end of the upload");
      continue;
    }
    auto done = json_of(a);
    if (text_field(done, "sha256") != sealed.sha256)
      throw Error(ErrorKind::protocol, "tampered",
                  "the server stored other bytes than were sent (SHA-256 differs)");
    return MediaFile{
        text_field(done, "media_id"), detail::to_hex(sealed.key),        sealed.sha256, sealed.size,
        options.content_type,         fs::path(path).filename().string()};
  }
}

std::uint64_t MediaApi::resume_offset(const std::string& location) {
  auto a =
      http_call(server_, HttpCall{"HEAD", location, {}, token_, {}, {{"Tus-Resumable", "1.0.0"}}});
  throw_unless_ok(a);
  return number_header(a, "upload-offset");
}

void MediaApi::download_file(const std::string& link, const MediaFile& file,
                             const std::string& out_path, std::size_t chunk_bytes) {
  if (!link.starts_with("/v1/media/")) bad_answer("not a media link: " + link);
  TempFile sealed_path("download");
  {
    std::ofstream out(sealed_path.path, std::ios::binary);
    std::uint64_t offset = 0;
    int failures = 0;
    while (offset < file.size) {
      auto last = std::min<std::uint64_t>(file.size, offset + chunk_bytes) - 1;
      HttpAnswer a;
      try {
        a = http_call(
            server_,
            HttpCall{"GET",
                     link,
                     {},
                     {},
                     {},
                     {{"Range", "bytes=" + std::to_string(offset) + "-" + std::to_string(last)}},
                     60s});
      } catch (const Error& e) {
        if (!retryable(e) || ++failures >= 5) throw;
        continue;
      }
      throw_unless_ok(a);
      if (a.status == 200 && offset == 0) {  // the whole file at once
        out.write(a.body.data(), static_cast<std::streamsize>(a.body.size()));
        offset = a.body.size();
        break;
      }
      if (a.status != 206 || a.body.size() != last - offset + 1)
        bad_answer("a range came back as " + std::to_string(a.status) + " with " +
                   std::to_string(a.body.size()) + " bytes");
      out.write(a.body.data(), static_cast<std::streamsize>(a.body.size()));
      offset += a.body.size();
    }
    if (!out.flush()) throw Error(ErrorKind::local, "local", "cannot write the download");
    if (offset != file.size)
      throw Error(ErrorKind::protocol, "tampered",
                  "the download has " + std::to_string(offset) + " bytes, the sender named " +
                      std::to_string(file.size));
  }
  detail::open_file(sealed_path.path.string(), detail::from_hex(file.key), file.sha256, out_path);
}

std::future<Reply> media_url(Client& client, const std::string& media_id) {
  return client.request("media.url", {{"media_id", media_id}});
}

std::future<Reply> media_exists(Client& client, const std::string& sha256) {
  return client.request("media.exists", {{"sha256", sha256}});
}

std::future<Reply> media_delete(Client& client, const std::string& media_id) {
  return client.request("media.delete", {{"media_id", media_id}});
}

}  // namespace sb::client
