// SPDX-License-Identifier: Apache-2.0
// See ops_scene.hpp. The scene's requests go through the same sessions a transport opens, so
// the fuzzed frames meet the core exactly as a client's would (after transport framing).
#include "ops_scene.hpp"

#include <dlfcn.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <vector>

#include <switchboard/services/messaging.hpp>

#include "kernel/core/accounts.hpp"
#include "kernel/core/core.hpp"
#include "kernel/core/protocol.hpp"
#include "kernel/host/config.hpp"
#include "kernel/host/server.hpp"

namespace sb::fuzz {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr auto kReplyWait = 5s;
constexpr const char* kSentinelId = "~sentinel";

std::string phone(int n) {
  return "+155500000" + std::to_string(n);
}
std::string code(int n) {
  return "11111" + std::to_string(n);
}

// What the core sends one connection: replies are kept for the waiting request, events are
// dropped (the fuzzed session never acks, so at most a window of them comes anyway).
class Link final : public ClientLink {
 public:
  bool send(std::string frame) override {
    boost::system::error_code ec;
    auto v = json::parse(frame, ec);
    std::lock_guard lock(mutex_);
    if (ec || !v.is_object()) {
      // Told by the waiting request, on the fuzzer's thread, not thrown into the core's.
      bad_frame_ = frame;
      cv_.notify_all();
      return true;
    }
    if (closed_) return false;
    if (v.as_object().contains("ok")) replies_.push_back(std::move(v.as_object()));
    cv_.notify_all();
    return true;
  }
  void close(std::string_view) override {
    std::lock_guard lock(mutex_);
    closed_ = true;
    cv_.notify_all();
  }
  // The next reply, or nullopt when the link closed or nothing came in time. Throws when
  // the core sent something that is not a JSON object.
  std::optional<json::object> next_reply(std::chrono::milliseconds wait, bool* timed_out) {
    std::unique_lock lock(mutex_);
    bool done = cv_.wait_for(lock, wait, [&] { return !replies_.empty() || closed_; });
    if (!bad_frame_.empty())
      throw std::logic_error("the core sent a frame that is not a JSON object: " + bad_frame_);
    *timed_out = !done;
    if (replies_.empty()) return std::nullopt;
    auto r = std::move(replies_.front());
    replies_.pop_front();
    return r;
  }
  bool closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
  }
  void clear() {
    std::lock_guard lock(mutex_);
    replies_.clear();
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<json::object> replies_;
  std::string bad_frame_;
  bool closed_ = false;
};

}  // namespace

// A logged-in device with an open session.
class Peer {
 public:
  Peer(kernel::Server& server, int n, const std::string& device_name) {
    auto* accounts = server.core()->accounts();
    accounts->request_code(phone(n), "127.0.0.1");
    auto r = accounts->verify(phone(n), code(n), device_name);
    if (r.status != 200) throw std::runtime_error("login of " + phone(n) + " failed: " + r.body);
    auto body = json::parse(r.body).as_object();
    user = std::string(body.at("user_id").as_string());
    device = std::string(body.at("device_id").as_string());
    link = std::make_shared<Link>();
    session = server.core()->open(
        link, SessionOptions{
                  "fuzz", "127.0.0.1:1", std::string(body.at("access_token").as_string()), {}});
    if (!session) throw std::runtime_error("the core opened no session");
  }
  ~Peer() { session->on_close(); }

  // A request of the scene's own; throws unless it succeeds.
  json::object must(json::object req) {
    req["id"] = "scene";
    link->clear();
    session->on_frame(json::serialize(req));
    bool timed_out = false;
    auto reply = link->next_reply(kReplyWait, &timed_out);
    if (!reply || reply->at("ok") != true)
      throw std::runtime_error("scene: " + json::serialize(req) + " answered " +
                               (reply ? json::serialize(*reply) : std::string("nothing")));
    return *reply;
  }

  std::string user, device;
  std::shared_ptr<Link> link;
  std::shared_ptr<ClientSession> session;
};

namespace {

std::string str(const json::object& o, const char* key) {
  return std::string(o.at(key).as_string());
}

std::string config_text(const fs::path& data_dir) {
  // A restart must not wait out the default 10 s drain: the fuzzer counts it as a hang.
  std::string text = "[server]\nlisten = \"127.0.0.1:0\"\ndrain_timeout_ms = 200\ndata_dir = \"" +
                     data_dir.string() +
                     "\"\n[log]\nlevel = \"error\"\n[plugins]\ndirs = [\"" SB_PLUGIN_DIR
                     "\", \"" SB_TEST_PLUGIN_DIR
                     "\"]\n[plugin.store]\nuse = \"store-sqlite\"\n"
                     "[plugin.groups]\nuse = \"policy-groups\"\n"
                     "[plugin.pushes]\nuse = \"push-probe\"\n"
                     "[auth]\ntest_numbers = { ";
  for (int n = 1; n <= 9; ++n)
    text += std::string(n > 1 ? ", " : "") + "\"" + phone(n) + "\" = \"" + code(n) + "\"";
  // Nobody waits for acks (the fuzzed session sends none) and nothing is rate limited: a
  // limit would stop the fuzzer at the first few calls of each op.
  text += " }\n[messaging]\ngroup_add_privacy = \"everyone\"\nslow_consumer_timeout_ms = 0\n";
  text += "[limits]\n";
  for (auto& key : kernel::limits_schema())
    if (key.name.find("_per_") != std::string::npos) text += key.name + " = 0\n";
  return text;
}

}  // namespace

OpsScene::OpsScene() {
  start_server();
  rebuild();
}

OpsScene::~OpsScene() {
  stop_server();
}

void OpsScene::start_server() {
  // libFuzzer registers each instrumented library's coverage counters when it is loaded and
  // clears them before every input: a plugin the stopping server unloads would leave it
  // writing to unmapped memory (a crash at the first input after restart()). Loaded here
  // once and never unloaded, the plugins' libraries outlive every server that uses them.
  static const bool pinned = [] {
    for (const char* lib :
         {SB_PLUGIN_DIR "/libsb_store_sqlite.so", SB_PLUGIN_DIR "/libsb_policy_groups.so",
          SB_TEST_PLUGIN_DIR "/libsb_push_probe.so"})
      if (!::dlopen(lib, RTLD_NOW | RTLD_NODELETE))
        throw std::runtime_error(std::string("cannot load ") + lib + ": " + ::dlerror());
    return true;
  }();
  (void)pinned;
  std::string tmpl = (fs::temp_directory_path() / "sb-ops-fuzz-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  kernel::EnvOverrides env;
  server_ = std::make_unique<kernel::Server>(
      kernel::load_config_string(config_text(dir_ / "data"), "ops-fuzz.toml", env),
      std::vector<std::string>{});
  server_->prepare(env);
  server_->start();
}

void OpsScene::stop_server() {
  peers_.clear();
  laptop_.reset();
  if (server_) server_->drain_and_stop();
  server_.reset();
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

void OpsScene::restart() {
  stop_server();
  start_server();
  rebuild();
}

void OpsScene::rebuild() {
  auto old = std::move(peers_);
  if (laptop_) old[0] = std::move(laptop_);
  peers_.clear();
  auto n = std::to_string(++generation_);
  for (int p = 1; p <= 5; ++p)
    peers_[p] = std::make_unique<Peer>(*server_, p, p == 1 ? "fuzz" : "phone");
  laptop_ = std::make_unique<Peer>(*server_, 1, "laptop");
  // The last scene's devices go, or every message would also fan out to all of them.
  for (auto& [p, peer] : old) {
    try {
      peers_[p == 0 ? 1 : p]->must({{"op", "devices.revoke"}, {"device", peer->device}});
    } catch (const std::runtime_error&) {
      // Revoked or deleted already (what ended that scene).
    }
  }
  old.clear();
  auto& me = *peers_[1];
  auto& bob = *peers_[2];
  auto& carol = *peers_[3];
  auto& dave = *peers_[4];
  auto& erin = *peers_[5];

  me.must({{"op", "contacts.add"}, {"users", {bob.user}}});
  bob.must({{"op", "contacts.add"}, {"users", {me.user}}});
  auto keys = [](int count) {
    json::array one_time;
    for (int i = 1; i <= count; ++i) one_time.push_back(json::object{{"id", i}, {"key", "K"}});
    return json::object{{"op", "keys.upload"},
                        {"identity_key", "IK"},
                        {"signed_prekey", {{"id", 1}, {"key", "SPK"}, {"sig", "SIG"}}},
                        {"one_time_prekeys", std::move(one_time)},
                        {"last_resort_prekey", {{"id", 999}, {"key", "LR"}}}};
  };
  bob.must(keys(20));
  me.must(keys(5));

  auto g = str(me.must({{"op", "group.create"},
                        {"name", "fuzz"},
                        {"members", {bob.user, dave.user}},
                        {"policy", "open"}}),
               "group");
  me.must({{"op", "send"},
           {"to", {{"group", g}}},
           {"client_msg_id", "scene-g-" + n},
           {"body", {{"text", "hello group"}}}});
  me.must({{"op", "send"},
           {"to", {{"user", bob.user}}},
           {"client_msg_id", "scene-d-" + n},
           {"body", {{"text", "hello bob"}}}});
  // A group where carol's join waits for an admin: group.approve has someone to approve.
  auto ag = str(me.must({{"op", "group.create"},
                         {"name", "approvals"},
                         {"members", json::array{}},
                         {"policy", "invite-approval"}}),
                "group");
  auto approval_code = str(me.must({{"op", "group.invite"}, {"group", ag}}), "code");
  carol.must({{"op", "group.join"}, {"code", approval_code}});
  // Bob's group, which the fuzzed user is not in: group.join has a code to use.
  auto bg = str(bob.must({{"op", "group.create"}, {"name", "bobs"}, {"members", json::array{}}}),
                "group");
  auto bob_code = str(bob.must({{"op", "group.invite"}, {"group", bg}}), "code");
  auto lg =
      str(me.must({{"op", "group.create"}, {"name", "leave"}, {"members", {bob.user}}}), "group");
  // Posts last a day and a user may hold 100: those of earlier scenes (and the fuzzer's own)
  // would use them up after enough rebuilds.
  for (auto* poster : {&bob, &me}) {
    auto mine = poster->must({{"op", "status.mine"}}).at("statuses").as_array();
    if (mine.size() >= 50)
      for (auto& post : mine)
        poster->must({{"op", "status.delete"}, {"status", post.at("status")}});
  }
  auto status = str(bob.must({{"op", "status.post"}, {"text", "bob's post"}}), "status");
  auto my_status = str(me.must({{"op", "status.post"}, {"text", "my post"}}), "status");
  auto sub =
      str(me.must({{"op", "push.subscribe"}, {"provider", "pushes"}, {"endpoint", "probe:sent"}})
              .at("subscription")
              .as_object(),
          "id");

  names_ = {{"$ME", me.user},
            {"$MY_DEVICE", me.device},
            {"$MY_OTHER_DEVICE", laptop_->device},
            {"$BOB", bob.user},
            {"$BOB_DEVICE", bob.device},
            {"$BOB_PHONE", phone(2)},
            {"$CAROL", carol.user},
            {"$DAVE", dave.user},
            {"$ERIN", erin.user},
            {"$G", g},
            {"$GCHAT", "g:" + g},
            {"$DCHAT", me.user < bob.user ? "d:" + me.user + ":" + bob.user
                                          : "d:" + bob.user + ":" + me.user},
            {"$AG", ag},
            {"$LG", lg},
            {"$CODE", bob_code},
            {"$STATUS", status},
            {"$MY_STATUS", my_status},
            {"$SUB", sub}};
}

std::string OpsScene::substitute(std::string_view frame) const {
  std::string s(frame);
  // Longest first: $GCHAT before $G.
  std::vector<const std::pair<const std::string, std::string>*> order;
  for (auto& kv : names_) order.push_back(&kv);
  std::sort(order.begin(), order.end(),
            [](auto* a, auto* b) { return a->first.size() > b->first.size(); });
  for (auto* kv : order)
    for (auto at = s.find(kv->first); at != std::string::npos;
         at = s.find(kv->first, at + kv->second.size()))
      s.replace(at, kv->first.size(), kv->second);
  return s;
}

std::optional<json::object> OpsScene::run(std::string_view frame) {
  ++runs_;
  last_frame_ = substitute(frame);
  const auto& text = last_frame_;
  auto& me = *peers_.at(1);
  // A typing frame without an id is answered only when it is refused: a request after it
  // (handled after it, on the session's strand) marks where its answer would have been.
  bool sentinel = false;
  try {
    json::value id;
    auto req = core::parse_request(text, id);
    sentinel = req.op == "typing" && req.id.is_null();
  } catch (const core::ProtocolError&) {
  }
  me.link->clear();
  me.session->on_frame(text);
  if (sentinel)
    me.session->on_frame(std::string(R"({"id":")") + kSentinelId + R"(","op":"devices.list"})");
  std::optional<json::object> answer;
  for (;;) {
    bool timed_out = false;
    auto reply = me.link->next_reply(kReplyWait, &timed_out);
    if (timed_out) throw std::runtime_error("no reply within 5 s to: " + text);
    if (!reply) break;  // the session was closed
    auto* id = reply->if_contains("id");
    if (sentinel && id && *id == kSentinelId) break;
    answer = std::move(*reply);
    if (!sentinel) break;
  }
  if (me.link->closed()) rebuild();
  return answer;
}

}  // namespace sb::fuzz
