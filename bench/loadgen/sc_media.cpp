// SPDX-License-Identifier: Apache-2.0
// Scenario "media": one big file up (tus, PATCHes of --chunk bytes) and down (one streamed
// GET, --downloads times) over keep-alive HTTP, with the server's RSS sampled every 50 ms
// (--rss_pid) from before the upload to the end, so the bench shows what a transfer costs
// the server in memory while other clients chat. "http-download" streams any URL, for the
// peer's row.
#include <algorithm>
#include <atomic>
#include <fstream>
#include <random>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "accounts.hpp"
#include "clock.hpp"
#include "scenarios.hpp"

namespace loadgen {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = boost::asio::ip::tcp;

class Conn {
 public:
  Conn(const std::string& host, int port) : host_(host), stream_(io_) {
    tcp::resolver r(io_);
    stream_.connect(r.resolve(host, std::to_string(port)));
  }

  http::response<http::string_body> call(http::request<http::string_body> req) {
    req.set(http::field::host, host_);
    req.prepare_payload();
    http::write(stream_, req);
    http::response_parser<http::string_body> p;
    p.skip(req.method() == http::verb::head);
    http::read(stream_, buf_, p);
    return p.release();
  }

  // Reads the body into a reused buffer and drops it; returns the bytes read.
  std::uint64_t stream_get(const std::string& target) {
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, host_);
    http::write(stream_, req);
    http::response_parser<http::buffer_body> p;
    p.body_limit(boost::none);
    http::read_header(stream_, buf_, p);
    if (p.get().result_int() != 200)
      throw std::runtime_error("GET " + target + ": HTTP " + std::to_string(p.get().result_int()));
    std::vector<char> chunk(1 << 20);
    std::uint64_t total = 0;
    while (!p.is_done()) {
      p.get().body().data = chunk.data();
      p.get().body().size = chunk.size();
      beast::error_code ec;
      http::read(stream_, buf_, p, ec);
      if (ec && ec != http::error::need_buffer) throw beast::system_error(ec);
      total += chunk.size() - p.get().body().size;
    }
    return total;
  }

 private:
  std::string host_;
  boost::asio::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buf_;
};

std::int64_t rss_kb(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  return 0;
}

// Samples `pid`'s RSS until stopped; keeps the peak.
struct RssWatch {
  long pid;
  std::atomic<bool> stop{false};
  std::atomic<std::int64_t> peak{0};
  std::thread thread;
  explicit RssWatch(long p) : pid(p) {
    if (pid <= 0) return;
    thread = std::thread([this] {
      for (int i = 0; !stop && i < 20 * 60 * 30; ++i) {  // at most 30 minutes
        auto now = rss_kb(pid);
        if (now > peak) peak = now;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    });
  }
  ~RssWatch() {
    stop = true;
    if (thread.joinable()) thread.join();
  }
};

double mb_per_s(std::uint64_t bytes, std::int64_t ns) {
  return ns > 0 ? static_cast<double>(bytes) / 1048576.0 / (static_cast<double>(ns) / 1e9) : 0;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

json::object run_media(const Options& o) {
  auto host = o.str("host", "127.0.0.1");
  auto port = static_cast<int>(o.num("port", 8080));
  auto accounts = read_accounts(o.str("accounts", "accounts.txt"));
  auto skip = static_cast<std::size_t>(o.num("skip", 0));
  if (skip >= accounts.size()) throw std::runtime_error("--skip is beyond the accounts file");
  const auto& who = accounts[skip];
  auto total = static_cast<std::uint64_t>(o.num("bytes", std::int64_t{1} << 30));
  auto chunk_size = static_cast<std::size_t>(o.num("chunk", 8 << 20));
  auto downloads = static_cast<int>(o.num("downloads", 3));
  long pid = static_cast<long>(o.num("rss_pid", 0));

  std::string chunk(chunk_size, '\0');
  std::mt19937_64 rng(42);
  for (auto& c : chunk) c = static_cast<char>(rng());
  auto baseline = rss_kb(pid);
  RssWatch watch(pid);
  Conn conn(host, port);

  // Upload: create, then PATCH piece by piece; the last byte answers with the media id.
  auto t0 = now_ns();
  http::request<http::string_body> create{http::verb::post, "/v1/media/uploads", 11};
  create.set(http::field::authorization, "Bearer " + who.token);
  create.set(http::field::content_type, "application/octet-stream");
  create.set("Tus-Resumable", "1.0.0");
  create.set("Upload-Length", std::to_string(total));
  auto created = conn.call(create);
  if (created.result_int() != 201)
    throw std::runtime_error("upload create: HTTP " + std::to_string(created.result_int()) + " " +
                             created.body());
  std::string location(created[http::field::location]);
  std::string media_id;
  for (std::uint64_t offset = 0; offset < total;) {
    auto n = static_cast<std::size_t>(std::min<std::uint64_t>(chunk_size, total - offset));
    // Each piece differs, so the file is not one repeated block.
    chunk[0] = static_cast<char>(offset / chunk_size);
    http::request<http::string_body> patch{http::verb::patch, location, 11};
    patch.set(http::field::authorization, "Bearer " + who.token);
    patch.set(http::field::content_type, "application/offset+octet-stream");
    patch.set("Tus-Resumable", "1.0.0");
    patch.set("Upload-Offset", std::to_string(offset));
    patch.body().assign(chunk.data(), n);
    auto r = conn.call(std::move(patch));
    if (r.result_int() == 200) {
      media_id = json::value_to<std::string>(json::parse(r.body()).at("media_id"));
      offset += n;
    } else if (r.result_int() == 204) {
      offset += n;
    } else {
      throw std::runtime_error("PATCH at " + std::to_string(offset) + ": HTTP " +
                               std::to_string(r.result_int()) + " " + r.body());
    }
  }
  auto upload_ns = now_ns() - t0;
  if (media_id.empty()) throw std::runtime_error("the upload ended without a media id");
  auto after_upload = watch.peak.load();

  // A link through long-poll (one POST): media.url is an op, not an HTTP route.
  http::request<http::string_body> lp{http::verb::post, "/v1/lp", 11};
  lp.set(http::field::authorization, "Bearer " + who.token);
  lp.set(http::field::content_type, "application/json");
  lp.body() = json::serialize(
      json::array{json::object{{"id", "u"}, {"op", "media.url"}, {"media_id", media_id}}});
  auto linked = conn.call(lp);
  auto reply = json::parse(linked.body());
  auto url = json::value_to<std::string>(reply.at(0).at("url"));

  std::vector<double> speeds;
  for (int i = 0; i < downloads; ++i) {
    auto d0 = now_ns();
    auto got = conn.stream_get(url);
    if (got != total)
      throw std::runtime_error("download " + std::to_string(i) + " got " + std::to_string(got) +
                               " of " + std::to_string(total) + " bytes");
    speeds.push_back(mb_per_s(got, now_ns() - d0));
  }
  watch.stop = true;
  if (watch.thread.joinable()) watch.thread.join();
  auto peak = watch.peak.load();
  return {{"bytes", total},
          {"upload_mb_per_s", mb_per_s(total, upload_ns)},
          {"download_mb_per_s", median(speeds)},
          {"downloads_mb_per_s", json::value_from(speeds)},
          {"server_rss_before_mb", static_cast<double>(baseline) / 1024},
          {"server_rss_peak_upload_mb", static_cast<double>(after_upload) / 1024},
          {"server_rss_peak_mb", static_cast<double>(peak) / 1024},
          {"server_rss_growth_mb",
           static_cast<double>(std::max<std::int64_t>(0, peak - baseline)) / 1024}};
}

json::object run_http_download(const Options& o) {
  Conn conn(o.str("host", "127.0.0.1"), static_cast<int>(o.num("port", 8080)));
  auto target = o.str("path", "/");
  std::vector<double> speeds;
  std::uint64_t bytes = 0;
  for (int i = 0; i < static_cast<int>(o.num("downloads", 3)); ++i) {
    auto d0 = now_ns();
    bytes = conn.stream_get(target);
    speeds.push_back(mb_per_s(bytes, now_ns() - d0));
  }
  return {{"bytes", bytes},
          {"download_mb_per_s", median(speeds)},
          {"downloads_mb_per_s", json::value_from(speeds)}};
}

}  // namespace loadgen
