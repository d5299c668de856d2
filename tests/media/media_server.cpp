// SPDX-License-Identifier: Apache-2.0
// See media_server.hpp.
#include "media_server.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

namespace sb::media_test {

e2e::ServerOptions media_options(const std::string& layer) {
  auto o = e2e::ServerOptions::ws({}, e2e::CoreKind::real);
  o.test_numbers = 4;
  o.extra = "[plugin.media]\nuse = \"media-fs\"\n[plugin.medialayer]\nuse = \"media-layer\"\n" +
            layer + "\n";
  return o;
}

Reply upload(const e2e::Server& server, e2e::Person& who, const std::string& bytes,
             const std::string& type) {
  return request(server.port(), "POST", "/v1/media",
                 {{"Authorization", "Bearer " + who.tokens().access_token}, {"Content-Type", type}},
                 bytes);
}

std::string media_id(const Reply& r) {
  auto o = r.json();
  auto* v = o.if_contains("media_id");
  return r.status == 200 && v && v->is_string() ? std::string(v->as_string()) : std::string();
}

client::Reply media_url(e2e::Person& who, const std::string& id) {
  return who.call("media.url", {{"media_id", id}});
}

Reply download(const e2e::Server& server, const std::string& url, const Headers& headers) {
  return request(server.port(), "GET", url, headers);
}

std::size_t blob_files(const e2e::Server& server) {
  std::size_t n = 0;
  std::error_code ec;
  auto dir = std::filesystem::path(server.dir().path()) / "data" / "media" / "blobs";
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file()) ++n;
  return n;
}

std::string url_key(const e2e::Server& server) {
  std::ifstream in(std::filesystem::path(server.dir().path()) / "data" / "medialayer" / "url.key",
                   std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace sb::media_test
