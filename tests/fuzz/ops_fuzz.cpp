// SPDX-License-Identifier: Apache-2.0
// Fuzzes every op's request decoding where it happens: inside the op handlers of the real
// core (in-process, store-sqlite; ops_scene.hpp), one frame per input on an authenticated
// session. Whatever the frame, the core answers it (typing without an id aside) with its id,
// as ok or as one of the documented error codes; never `internal`, never a crash, never
// silence. Seeds (corpus/ops/<op>) hold one valid request per op; `$BOB`, `$G`... are ids of
// the scene.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "kernel/core/protocol.hpp"
#include "ops_scene.hpp"

namespace {

// docs/protocol.md, Errors ("internal" is left out on purpose: it means an op threw
// something it should have answered).
const std::set<std::string, std::less<>> kCodes{"bad_request",  "unauthorized",  "forbidden",
                                                "not_found",    "conflict",      "too_large",
                                                "rate_limited", "stale_devices", "unavailable"};

// A long run stores what it sends; a fresh server every so often keeps it small and quick.
constexpr std::uint64_t kRunsPerServer = 20'000;

[[noreturn]] void fail(const std::string& why, std::string_view input) {
  std::fprintf(stderr, "ops fuzz: %s\ninput: %.*s\n", why.c_str(), static_cast<int>(input.size()),
               input.data());
  __builtin_trap();
}

// `sent` is the frame as the core got it, `input` the fuzzer's bytes (for the report).
void check(const sb::json::object& reply, std::string_view sent, std::string_view input) {
  auto frame = sb::json::serialize(reply);
  auto* ok = reply.if_contains("ok");
  if (!ok || !ok->is_bool()) fail("a reply without a boolean ok: " + frame, input);
  // The reply carries the request's id when the frame was a request the parser could read.
  sb::json::value id;
  try {
    auto req = sb::core::parse_request(sent, id);
    auto* got = reply.if_contains("id");
    if (req.id.is_null() ? got != nullptr : (!got || *got != req.id))
      fail("the reply's id is not the request's: " + frame, input);
  } catch (const sb::core::ProtocolError&) {
  }
  if (ok->as_bool()) return;
  auto* error = reply.if_contains("error");
  if (!error || !error->is_object()) fail("an error reply without an error object", input);
  auto* code = error->as_object().if_contains("code");
  auto* message = error->as_object().if_contains("message");
  if (!code || !code->is_string() || !kCodes.contains(std::string_view(code->as_string())))
    fail("an undocumented error code: " + frame, input);
  if (!message || !message->is_string() || message->as_string().empty())
    fail("an error without a message: " + frame, input);
}

sb::fuzz::OpsScene* the_scene = nullptr;

// One scene for the process: starting a server per input would leave no time to fuzz. Its
// server stops at exit, before the statics its threads use are destroyed (those made before
// the scene, at least: every one the scene's first build touched).
sb::fuzz::OpsScene& scene() {
  if (!the_scene) {
    the_scene = new sb::fuzz::OpsScene();
    std::atexit([] {
      delete the_scene;
      the_scene = nullptr;
    });
  }
  return *the_scene;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto* scene = &::scene();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    if (auto reply = scene->run(input)) check(*reply, scene->last_frame(), input);
    if (scene->runs() % kRunsPerServer == 0) scene->restart();
  } catch (const std::exception& e) {
    fail(e.what(), input);
  }
  return 0;
}
