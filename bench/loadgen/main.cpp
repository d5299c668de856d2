// SPDX-License-Identifier: Apache-2.0
// sb_loadgen: runs one benchmark scenario and prints its figures as one JSON object.
#include <cstdio>
#include <iostream>
#include <map>
#include <string>

#include "scenarios.hpp"

namespace {

constexpr const char* kUsage = R"(usage: sb_loadgen SCENARIO [--key value ...]
scenarios:
  login        --count N --first K --out FILE [--code 123456 --threads 4]
  idle         --accounts FILE --count N [--skip K --sources 100 --hold S --ready_file F --release_file F]
  ws-pairs     --accounts FILE --pairs P [--bot NAME: everyone talks to bot:NAME] [load options]
  ws-group     --accounts FILE --members 256 [load options]
  mqtt-pairs   --mode raw|sb --port 1883 --pairs P [--accounts FILE for sb] [--mqtt_batch 1] [load options]
  mqtt-fanout  --port 1883 --subscribers 256 [load options]
  xmpp-pairs   --port 5222 --pairs P [--domain localhost --user_prefix bench --password bench]
  media        --accounts FILE [--skip K --bytes 1073741824 --chunk 8388608 --downloads 3
               --rss_pid PID (the server: its RSS sampled every 50 ms)]
  http-download --port N --path /file [--downloads 3] (a peer's file, streamed)
common: --host 127.0.0.1 --port N --skip K (first account to use) --sources N (127.0.0.1..N)
load options: --warmup 1 --measure 5 --drain 2 --late 10 (more wait for owed deliveries)
  --window 8 (closed loop) | --rate R (msg/s)
  --max_owed 64 (at a rate: a sender with this many undelivered skips its turn),
  --payload 100 (bytes), --ack_every 50, --ack_flush_ms 10,
  --watch PID:LABEL,... (their CPU over the measurement window, as LABEL in % of a core)
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace loadgen;
  if (argc < 2 || std::string(argv[1]) == "--help") {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  const std::map<std::string, boost::json::object (*)(const Options&)> scenarios{
      {"login", run_login},
      {"idle", run_idle},
      {"ws-pairs", run_ws_pairs},
      {"ws-group", run_ws_group},
      {"mqtt-pairs", run_mqtt_pairs},
      {"mqtt-fanout", run_mqtt_fanout},
      {"xmpp-pairs", run_xmpp_pairs},
      {"media", run_media},
      {"http-download", run_http_download}};
  auto it = scenarios.find(argv[1]);
  if (it == scenarios.end()) {
    std::cerr << "unknown scenario " << argv[1] << "\n" << kUsage;
    return 2;
  }
  try {
    Options o(argc, argv, 2);
    auto out = it->second(o);
    out["scenario"] = argv[1];
    std::cout << boost::json::serialize(out) << std::endl;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "sb_loadgen " << argv[1] << ": " << e.what() << "\n";
    std::cout << boost::json::serialize(
                     boost::json::object{{"scenario", argv[1]}, {"error", e.what()}})
              << std::endl;
    return 1;
  }
}
