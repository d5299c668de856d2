// SPDX-License-Identifier: Apache-2.0
// The media tests' daemon (the real core, store-sqlite, media-fs and media-layer) and the
// steps every test takes: upload, ask for a link, download.
#pragma once

#include <string>

#include "e2e_server.hpp"
#include "media_http.hpp"
#include "people.hpp"

namespace sb::media_test {

// `layer` adds lines to [plugin.medialayer] (limits, retention).
e2e::ServerOptions media_options(const std::string& layer = {});

// POST /v1/media with the person's token.
Reply upload(const e2e::Server& server, e2e::Person& who, const std::string& bytes,
             const std::string& type = "application/octet-stream");
// The media id of a 200 upload reply, or "".
std::string media_id(const Reply& r);
// media.url as `who`: the reply.
client::Reply media_url(e2e::Person& who, const std::string& id);
// GET of a link from media.url.
Reply download(const e2e::Server& server, const std::string& url, const Headers& headers = {});
// Files under the media-fs blob folder.
std::size_t blob_files(const e2e::Server& server);
// The link key the daemon made under its data dir.
std::string url_key(const e2e::Server& server);

}  // namespace sb::media_test
