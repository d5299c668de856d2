// SPDX-License-Identifier: Apache-2.0
// One bot's Lua state, sandboxed: only the safe libraries, text chunks only, a memory cap
// (a counting allocator) and an instruction budget per call (a count hook). A call that
// exceeds either is stopped with an error; the state stays usable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct lua_State;

namespace bots_lua {

struct Limits {
  std::int64_t instructions = 1000000;
  std::size_t memory_bytes = 8 * 1024 * 1024;
};

class Sandbox {
 public:
  // Throws std::runtime_error when the state cannot be created within the memory cap.
  explicit Sandbox(Limits limits);
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  lua_State* state() { return L_; }

  // Compiles `code` (text only) as chunk `chunk_name` and runs it. The error, when there is
  // one, reads "<chunk_name>:<line>: <message>".
  std::optional<std::string> run_chunk(std::string_view code, const std::string& chunk_name);

  // Runs `body(L, arg)` in protected mode with a fresh instruction budget; `body` pushes a
  // function and its arguments and lua_call()s it. Returns the error, if any. `body` must
  // not keep C++ objects with destructors alive across Lua calls (errors longjmp).
  std::optional<std::string> protect(void (*body)(lua_State*, void*), void* arg);

  template <class F>
  std::optional<std::string> run(F& fn) {
    return protect([](lua_State* L, void* p) { (*static_cast<F*>(p))(L); }, &fn);
  }

  std::size_t memory_used() const { return meter_.used; }

  // What the allocator and the hook share (the allocator's user data).
  struct Meter {
    std::size_t used = 0;
    std::size_t limit = 0;
    std::int64_t steps = 0;
    std::int64_t budget = 0;
    bool killed = false;
    bool memory_hit = false;
  };

 private:
  void open_libraries();

  Limits limits_;
  Meter meter_;
  lua_State* L_ = nullptr;
};

}  // namespace bots_lua
