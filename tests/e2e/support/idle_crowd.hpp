// SPDX-License-Identifier: Apache-2.0
// Many idle WebSocket connections from this process, opened concurrently on one io_context
// (no thread each), each upgraded with its own Bearer token; closed on destruction.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace sb::e2e {

class IdleCrowd {
 public:
  // Opens `n` connections within 60 s; `token(i)` is the i-th one's Bearer token.
  IdleCrowd(int port, int n, const std::function<std::string(int)>& token);
  ~IdleCrowd();
  int open() const { return open_; }

 private:
  struct State;
  std::unique_ptr<State> s_;
  int open_ = 0;
};

// Reads the daemon's memory and thread count around opening `n` idle connections and
// checks that no thread was added, that each connection costs less than `max_bytes`, and
// that a connection with token(0) still gets ok:true for `probe_op` (it is authenticated).
void expect_idle_connections_cheap(class Server& server, int n,
                                   const std::function<std::string(int)>& token, double max_bytes,
                                   const std::string& probe_op);

}  // namespace sb::e2e
