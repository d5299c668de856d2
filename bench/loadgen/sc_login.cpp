// SPDX-License-Identifier: Apache-2.0
// Scenario "login": creates the benchmark accounts once and writes the accounts file.
#include "accounts.hpp"
#include "clock.hpp"
#include "scenarios.hpp"

namespace loadgen {

boost::json::object run_login(const Options& o) {
  auto t0 = now_ns();
  auto count = static_cast<int>(o.num("count", 100));
  auto accounts = login_all(o.str("host", "127.0.0.1"), static_cast<int>(o.num("port", 8080)),
                            o.num("first", 0), count, o.str("code", "123456"),
                            static_cast<int>(o.num("threads", 4)));
  write_accounts(o.str("out", "accounts.txt"), accounts);
  double secs = static_cast<double>(now_ns() - t0) / 1e9;
  return {{"accounts", count}, {"seconds", secs}, {"per_s", count / secs}};
}

}  // namespace loadgen
