// SPDX-License-Identifier: Apache-2.0
// The store-postgres plugin's typed config and its schema: where the database is, how many
// connections, and how long a connect or a statement may take before `unavailable`.
#pragma once

#include <cstdint>
#include <string>

#include <switchboard/config_schema.hpp>

namespace sb::store_postgres {

struct Config {
  std::string dsn;
  std::int64_t pool_size = 8;
  std::int64_t connect_timeout_ms = 3000;
  std::int64_t statement_timeout_ms = 5000;
  std::int64_t reconnect_backoff_ms = 250;
  std::int64_t max_batch = 1024;
  std::int64_t degraded_queue = 100000;
  std::int64_t max_queue = 200000;

  static sb::ConfigSchema schema() {
    return {
        sb::secret(sb::key_string(
            "dsn", "",
            "libpq connection string, key=value (\"host=db1 port=5432 dbname=switchboard "
            "user=sb password=...\") or URI (\"postgresql://sb@db1/switchboard\"). Empty: "
            "libpq's defaults and PG* environment variables.")),
        sb::key_int("pool_size", 8,
                    "Pooled connections for the synchronous calls (reads, acks, accounts, "
                    "keys...); the message writer has one more of its own.",
                    1, 256),
        sb::key_int("connect_timeout_ms", 3000,
                    "How long opening a connection may take before the call fails with "
                    "`unavailable`.",
                    100, 600000),
        sb::key_int("statement_timeout_ms", 5000,
                    "Longest a statement (lock waits included) may run; the server cancels "
                    "it and the caller gets `unavailable`. The client gives up 1 s later.",
                    100, 3600000),
        sb::key_int("reconnect_backoff_ms", 250,
                    "After a failed connect, calls on that connection fail at once for this "
                    "long before the next attempt.",
                    0, 60000),
        sb::key_int("max_batch", 1024,
                    "Most appends the writer commits in one transaction (group commit).", 1,
                    100000),
        sb::key_int("degraded_queue", 100000,
                    "Appends waiting for the writer above which health reports `degraded`.", 1,
                    100000000),
        sb::key_int("max_queue", 200000,
                    "Writes waiting for the writer beyond which a new message is refused at "
                    "once (`unavailable`, retry) instead of queued: memory stays bounded when "
                    "clients offer more than the database takes. Receipts and acks still queue.",
                    1, 100000000),
    };
  }
  static Config load(const sb::ConfigView& v) {
    Config c;
    c.dsn = v.string("dsn");
    c.pool_size = v.integer("pool_size");
    c.connect_timeout_ms = v.integer("connect_timeout_ms");
    c.statement_timeout_ms = v.integer("statement_timeout_ms");
    c.reconnect_backoff_ms = v.integer("reconnect_backoff_ms");
    c.max_batch = v.integer("max_batch");
    c.degraded_queue = v.integer("degraded_queue");
    c.max_queue = v.integer("max_queue");
    return c;
  }
};

}  // namespace sb::store_postgres
